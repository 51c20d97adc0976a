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
 * <p>Like the real vocabulary, {@code !} is id 0 (SDXL's second tokenizer pads with it) and {@code
 * <|endoftext|>} has the highest id (CLIP pools the hidden state at the arg-max id).
 */
public final class TinyClipVocabulary {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private TinyClipVocabulary() {}

  static final List<String> WORDS =
      List.of(
          "a",
          "an",
          "the",
          "of",
          "on",
          "in",
          "with",
          "and",
          "at",
          "photo",
          "painting",
          "portrait",
          "cat",
          "dog",
          "red",
          "blue",
          "green",
          "mountain",
          "lake",
          "city",
          "night",
          "sunset",
          "astronaut",
          "riding",
          "horse",
          "house",
          "tree",
          "forest",
          "sky",
          "sea",
          "detailed",
          "high",
          "quality",
          "landscape");

  /** Writes vocab.json, merges.txt, special_tokens_map.json and tokenizer_config.json. */
  public static void write(Path folder, String padToken) throws IOException {
    Files.createDirectories(folder);
    // Byte symbols in the real vocabulary's order: sorted by character, so the printable bytes
    // (mapped to themselves, '!' first) come before the remapped ones (U+0100 and up).
    String[] bytes = ClipTokenizer.byteToUnicode().clone();
    java.util.Arrays.sort(bytes);
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (String s : bytes) {
      vocab.putIfAbsent(s, vocab.size());
    }
    for (String s : bytes) {
      vocab.putIfAbsent(s + "</w>", vocab.size());
    }
    List<String> merges = new ArrayList<>();
    for (String w : WORDS) {
      // Apply the merges learnt so far (as the tokenizer will), then add the merges that join
      // what is left left-to-right: later merges rank lower, so the word always ends up whole.
      List<String> symbols = applyMerges(symbolsOf(w), merges);
      while (symbols.size() > 1) {
        String merge = symbols.get(0) + " " + symbols.get(1);
        merges.add(merge);
        String joined = symbols.get(0) + symbols.get(1);
        vocab.putIfAbsent(joined, vocab.size());
        symbols = applyMerges(symbolsOf(w), merges);
      }
    }
    vocab.put(ClipTokenizer.BOS, vocab.size());
    vocab.put(ClipTokenizer.EOS, vocab.size());
    // vocab is a LinkedHashMap: Jackson keeps its order, as the tokenizer's ids expect.
    JSON.writeValue(folder.resolve("vocab.json").toFile(), vocab);
    Files.writeString(
        folder.resolve("merges.txt"),
        "#version: 0.2 (hybridsr stand-in)\n" + String.join("\n", merges) + "\n",
        StandardCharsets.UTF_8);
    Map<String, Object> special = new LinkedHashMap<>();
    special.put("bos_token", ClipTokenizer.BOS);
    special.put("eos_token", ClipTokenizer.EOS);
    special.put("unk_token", ClipTokenizer.EOS);
    special.put("pad_token", padToken);
    JSON.writeValue(folder.resolve("special_tokens_map.json").toFile(), special);
    JSON.writeValue(
        folder.resolve("tokenizer_config.json").toFile(), Map.of("model_max_length", 77));
  }

  private static List<String> symbolsOf(String word) {
    List<String> s = new ArrayList<>();
    for (int i = 0; i < word.length(); i++) {
      s.add(i == word.length() - 1 ? word.charAt(i) + "</w>" : String.valueOf(word.charAt(i)));
    }
    return s;
  }

  /** BPE: repeatedly merge the adjacent pair of lowest rank. */
  private static List<String> applyMerges(List<String> word, List<String> merges) {
    List<String> w = new ArrayList<>(word);
    while (w.size() > 1) {
      int best = -1;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < w.size(); i++) {
        int r = merges.indexOf(w.get(i) + " " + w.get(i + 1));
        if (r >= 0 && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      w.set(best, w.get(best) + w.remove(best + 1));
    }
    return w;
  }

  /** Vocabulary size the writer produces (the stand-in text encoders' embedding rows). */
  public static int size(Path folder) throws IOException {
    return JSON.readTree(folder.resolve("vocab.json").toFile()).size();
  }
}
