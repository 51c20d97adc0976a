package io.hybridsr.inference.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CLIP's byte-level BPE tokenizer, read from a Hugging Face tokenizer folder ({@code vocab.json},
 * {@code merges.txt}, and optionally {@code tokenizer_config.json} / {@code
 * special_tokens_map.json} for the pad token).
 *
 * <p>Follows OpenAI's reference {@code simple_tokenizer.py}: whitespace collapsed and text
 * lower-cased, split by CLIP's regular expression, each piece mapped byte-wise to printable
 * characters, the last symbol of a word marked with {@code </w>}, then pairs merged by increasing
 * merge rank. Sequences are {@code <|startoftext|> ... <|endoftext|>}, truncated and padded to
 * the model length (77). SDXL's two tokenizers differ only in the pad token ({@code <|endoftext|>}
 * for the first, {@code !} for the second), which is why it is read from the folder. (ftfy's
 * mojibake repair of the reference is not reproduced: prompts are taken as valid Unicode.)
 *
 * <pre>{@code
 * ClipTokenizer tok = ClipTokenizer.load(modelDir.resolve("tokenizer"));
 * int[] ids = tok.encode("a photo of a cat"); // 77 ids
 * }</pre>
 */
public final class ClipTokenizer {
  public static final String BOS = "<|startoftext|>";
  public static final String EOS = "<|endoftext|>";
  public static final int DEFAULT_LENGTH = 77;

  private static final Pattern SPLIT =
      Pattern.compile(
          "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final String[] BYTE_TO_UNICODE = byteToUnicode();

  private final Map<String, Integer> vocab;
  private final Map<String, Integer> mergeRanks;
  private final int bosId;
  private final int eosId;
  private final int padId;
  private final int length;
  private final Map<String, List<String>> cache = new ConcurrentHashMap<>();

  public ClipTokenizer(Map<String, Integer> vocab, List<String> merges, String padToken, int length) {
    this.vocab = Map.copyOf(vocab);
    this.mergeRanks = new HashMap<>();
    for (int i = 0; i < merges.size(); i++) {
      mergeRanks.putIfAbsent(merges.get(i), i);
    }
    this.bosId = require(BOS);
    this.eosId = require(EOS);
    this.padId = require(padToken);
    if (length < 2) {
      throw new IllegalArgumentException("sequence length must be >= 2, got " + length);
    }
    this.length = length;
  }

  private int require(String token) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new IllegalArgumentException("vocabulary has no token '" + token + "'");
    }
    return id;
  }

  /** Reads a tokenizer folder; errors name the file and what is wrong with it. */
  public static ClipTokenizer load(Path folder) throws IOException {
    Path vocabFile = folder.resolve("vocab.json");
    Path mergesFile = folder.resolve("merges.txt");
    for (Path p : List.of(vocabFile, mergesFile)) {
      if (!Files.isRegularFile(p)) {
        throw new IOException("tokenizer: " + p + " not found (a CLIP tokenizer folder needs vocab.json and merges.txt)");
      }
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode v = json.readTree(vocabFile.toFile());
    if (v == null || !v.isObject()) {
      throw new IOException("tokenizer: " + vocabFile + " must be a JSON object {token: id}");
    }
    Map<String, Integer> vocab = new HashMap<>();
    var it = v.fields();
    while (it.hasNext()) {
      var e = it.next();
      if (!e.getValue().canConvertToInt()) {
        throw new IOException("tokenizer: " + vocabFile + ": id of '" + e.getKey() + "' is not an integer");
      }
      vocab.put(e.getKey(), e.getValue().intValue());
    }
    List<String> merges = new ArrayList<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(mergesFile, StandardCharsets.UTF_8)) {
      lineNo++;
      if (line.startsWith("#version") || line.isBlank()) {
        continue;
      }
      if (line.split(" ").length != 2) {
        throw new IOException("tokenizer: " + mergesFile + " line " + lineNo + ": expected two symbols, got '" + line + "'");
      }
      merges.add(line);
    }
    String pad = EOS;
    int length = DEFAULT_LENGTH;
    for (String name : List.of("special_tokens_map.json", "tokenizer_config.json")) {
      Path f = folder.resolve(name);
      if (Files.isRegularFile(f)) {
        JsonNode cfg = json.readTree(f.toFile());
        JsonNode p = cfg.get("pad_token");
        if (p != null && !p.isNull()) {
          pad = p.isTextual() ? p.asText() : p.path("content").asText(EOS);
        }
        JsonNode max = cfg.get("model_max_length");
        if (max != null && max.canConvertToInt() && max.intValue() < 100_000) {
          length = max.intValue();
        }
      }
    }
    try {
      return new ClipTokenizer(vocab, merges, pad, length);
    } catch (IllegalArgumentException e) {
      throw new IOException("tokenizer: " + folder + ": " + e.getMessage(), e);
    }
  }

  public int length() {
    return length;
  }

  public int padId() {
    return padId;
  }

  /** Token ids of {@code text} with start and end tokens, padded or truncated to {@link #length()}. */
  public int[] encode(String text) {
    List<Integer> ids = new ArrayList<>();
    for (String piece : pieces(text)) {
      for (String symbol : bpe(piece)) {
        Integer id = vocab.get(symbol);
        ids.add(id == null ? eosId : id);
      }
    }
    int[] out = new int[length];
    Arrays.fill(out, padId);
    out[0] = bosId;
    int n = Math.min(ids.size(), length - 2);
    for (int i = 0; i < n; i++) {
      out[1 + i] = ids.get(i);
    }
    out[1 + n] = eosId;
    return out;
  }

  /** The BPE symbols of {@code text} (for tests and debugging). */
  public List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    for (String piece : pieces(text)) {
      out.addAll(bpe(piece));
    }
    return out;
  }

  private static List<String> pieces(String text) {
    String clean = text.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    Matcher m = SPLIT.matcher(clean);
    while (m.find()) {
      StringBuilder mapped = new StringBuilder();
      for (byte b : m.group().getBytes(StandardCharsets.UTF_8)) {
        mapped.append(BYTE_TO_UNICODE[b & 0xff]);
      }
      out.add(mapped.toString());
    }
    return out;
  }

  private List<String> bpe(String token) {
    return cache.computeIfAbsent(token, this::merge);
  }

  private List<String> merge(String token) {
    List<String> word = new ArrayList<>();
    int[] cps = token.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      String s = new String(Character.toChars(cps[i]));
      word.add(i == cps.length - 1 ? s + "</w>" : s);
    }
    while (word.size() > 1) {
      int best = -1;
      int bestRank = Integer.MAX_VALUE;
      for (int i = 0; i + 1 < word.size(); i++) {
        Integer r = mergeRanks.get(word.get(i) + " " + word.get(i + 1));
        if (r != null && r < bestRank) {
          bestRank = r;
          best = i;
        }
      }
      if (best < 0) {
        break;
      }
      // Merge every occurrence of the best pair, left to right, as the reference does.
      String first = word.get(best);
      String second = word.get(best + 1);
      List<String> next = new ArrayList<>(word.size());
      for (int i = 0; i < word.size(); i++) {
        if (i + 1 < word.size() && word.get(i).equals(first) && word.get(i + 1).equals(second)) {
          next.add(first + second);
          i++;
        } else {
          next.add(word.get(i));
        }
      }
      word = next;
    }
    return List.copyOf(word);
  }

  /** GPT-2/CLIP's reversible map from bytes to printable Unicode characters. */
  public static String[] byteToUnicode() {
    String[] map = new String[256];
    boolean[] printable = new boolean[256];
    for (int b = '!'; b <= '~'; b++) {
      printable[b] = true;
    }
    for (int b = 0xA1; b <= 0xAC; b++) {
      printable[b] = true;
    }
    for (int b = 0xAE; b <= 0xFF; b++) {
      printable[b] = true;
    }
    int n = 0;
    for (int b = 0; b < 256; b++) {
      map[b] = printable[b] ? String.valueOf((char) b) : String.valueOf((char) (256 + n++));
    }
    return map;
  }
}
