package io.hybridsr.inference.standin;

import io.hybridsr.inference.tokenizer.ClipTokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a stand-in CLIP tokenizer folder: the 512 byte symbols (with and without {@code </w>}),
 * merges that build a few dozen prompt words, and the two special tokens, in the files and format
 * of a real Hugging Face CLIP tokenizer.
 *
 * <p>Like the real vocabulary, {@code !} is id 0 (SDXL's second tokenizer pads with it) and
 * {@code <|endoftext|>} has the highest id (CLIP pools the hidden state at the arg-max id).
 */
public final class TinyClipVocabulary {
  private TinyClipVocabulary() {}

  static final List<String> WORDS =
      List.of("a", "an", "the", "of", "on", "in", "with", "and", "at", "photo", "painting", "portrait",
          "cat", "dog", "red", "blue", "green", "mountain", "lake", "city", "night", "sunset",
          "astronaut", "riding", "horse", "house", "tree", "forest", "sky", "sea", "detailed",
          "high", "quality", "landscape");

  /** Writes vocab.json, merges.txt, special_tokens_map.json and tokenizer_config.json. */
  public static void write(Path folder, String padToken) throws IOException {
    Files.createDirectories(folder);
    String[] bytes = ClipTokenizer.byteToUnicode();
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (String s : bytes) {
      vocab.putIfAbsent(s, vocab.size());
    }
    for (String s : bytes) {
      vocab.putIfAbsent(s + "</w>", vocab.size());
    }
    List<String> merges = new ArrayList<>();
    for (String w : WORDS) {
      if (w.length() < 2) {
        continue;
      }
      String prefix = w.substring(0, 1);
      for (int i = 1; i < w.length(); i++) {
        String next = i == w.length() - 1 ? w.charAt(i) + "</w>" : String.valueOf(w.charAt(i));
        String merge = prefix + " " + next;
        if (!merges.contains(merge)) {
          merges.add(merge);
        }
        prefix = prefix + next;
        vocab.putIfAbsent(prefix, vocab.size());
      }
    }
    vocab.put(ClipTokenizer.BOS, vocab.size());
    vocab.put(ClipTokenizer.EOS, vocab.size());
    StringBuilder json = new StringBuilder("{");
    boolean first = true;
    for (var e : vocab.entrySet()) {
      json.append(first ? "" : ",").append('"').append(escape(e.getKey())).append("\":").append(e.getValue());
      first = false;
    }
    json.append('}');
    Files.writeString(folder.resolve("vocab.json"), json, StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("merges.txt"), "#version: 0.2 (hybridsr stand-in)\n" + String.join("\n", merges) + "\n",
        StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("special_tokens_map.json"),
        "{\"bos_token\":\"<|startoftext|>\",\"eos_token\":\"<|endoftext|>\",\"unk_token\":\"<|endoftext|>\",\"pad_token\":\""
            + escape(padToken) + "\"}", StandardCharsets.UTF_8);
    Files.writeString(folder.resolve("tokenizer_config.json"), "{\"model_max_length\":77}", StandardCharsets.UTF_8);
  }

  /** Vocabulary size the writer produces (the stand-in text encoders' embedding rows). */
  public static int size(Path folder) throws IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(folder.resolve("vocab.json").toFile()).size();
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
