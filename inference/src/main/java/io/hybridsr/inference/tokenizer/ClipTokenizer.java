package io.hybridsr.inference.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
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
 * <p>Follows transformers' slow {@code CLIPTokenizer} as diffusers calls it (transformers 4.34,
 * ftfy not installed, which diffusers does not require): the text is first split on the special
 * tokens ({@code <|startoftext|>}, {@code <|endoftext|>} and the pad token), which map to their ids
 * directly; every other chunk is normalised as transformers' {@code BasicTokenizer} does (control
 * and format characters and U+FFFD dropped, whitespace collapsed, a space around every CJK
 * ideograph, NFC, lower-cased), split by CLIP's regular expression, each piece mapped byte-wise to
 * printable characters, the last symbol of a word marked with {@code </w>}, then pairs merged by
 * increasing merge rank. Sequences are {@code <|startoftext|> ... <|endoftext|>}, truncated and
 * padded to the model length (77). SDXL's two tokenizers differ only in the pad token ({@code
 * <|endoftext|>} for the first, {@code !} for the second, which is then a special token: {@code
 * "!!!"} gives three ids 0), which is why it is read from the folder. Checked against transformers'
 * ids for 63 prompts (Unicode, whitespace, truncation) in {@code ClipTokenizerReferenceTest}. (With
 * ftfy installed, transformers and OpenAI's CLIP instead repair mojibake and do not split CJK
 * ideographs; that path is not reproduced.)
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
  private final List<String> specials;

  public ClipTokenizer(
      Map<String, Integer> vocab, List<String> merges, String padToken, int length) {
    this.vocab = Map.copyOf(vocab);
    this.mergeRanks = new HashMap<>();
    for (int i = 0; i < merges.size(); i++) {
      mergeRanks.putIfAbsent(merges.get(i), i);
    }
    this.bosId = require(BOS);
    this.eosId = require(EOS);
    this.padId = require(padToken);
    this.specials = List.copyOf(new java.util.LinkedHashSet<>(List.of(BOS, EOS, padToken)));
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
        throw new IOException(
            "tokenizer: "
                + p
                + " not found (a CLIP tokenizer folder needs vocab.json and merges.txt)");
      }
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode v = json.readTree(vocabFile.toFile());
    if (v == null || !v.isObject()) {
      throw new IOException("tokenizer: " + vocabFile + " must be a JSON object {token: id}");
    }
    Map<String, Integer> vocab = new HashMap<>();
    for (var e : v.properties()) {
      if (!e.getValue().canConvertToInt()) {
        throw new IOException(
            "tokenizer: " + vocabFile + ": id of '" + e.getKey() + "' is not an integer");
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
        throw new IOException(
            "tokenizer: "
                + mergesFile
                + " line "
                + lineNo
                + ": expected two symbols, got '"
                + line
                + "'");
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

  /**
   * Token ids of {@code text} with start and end tokens, padded or truncated to {@link #length()}.
   */
  public int[] encode(String text) {
    List<Integer> ids = untruncatedIds(text);
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

  /** The ids of {@code text} without start and end tokens, padding or truncation. */
  public List<Integer> untruncatedIds(String text) {
    List<Integer> ids = new ArrayList<>();
    for (String symbol : tokens(text)) {
      Integer id = vocab.get(symbol);
      ids.add(id == null ? eosId : id); // unknown symbols map to the unk token, <|endoftext|>
    }
    return ids;
  }

  /** The BPE symbols of {@code text}, special tokens as themselves (for tests and debugging). */
  public List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    for (String chunk : splitOnSpecials(text)) {
      if (specials.contains(chunk)) {
        out.add(chunk);
        continue;
      }
      for (String piece : pieces(chunk)) {
        out.addAll(bpe(piece));
      }
    }
    return out;
  }

  /**
   * Splits {@code text} around occurrences of the special tokens (longest match at the earliest
   * position, as transformers' added-token trie), keeping them as chunks of their own.
   */
  private List<String> splitOnSpecials(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < text.length()) {
      String match = null;
      for (String s : specials) {
        if (text.startsWith(s, i) && (match == null || s.length() > match.length())) {
          match = s;
        }
      }
      if (match == null) {
        i++;
        continue;
      }
      if (i > start) {
        out.add(text.substring(start, i));
      }
      out.add(match);
      i += match.length();
      start = i;
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }

  /**
   * transformers' {@code BasicTokenizer(strip_accents=False, do_split_on_punc=False)}: drops NUL,
   * U+FFFD and control/format characters (category C*, except tab, CR, LF), turns whitespace into
   * spaces, puts spaces around CJK ideographs, applies NFC, splits on whitespace, lower-cases each
   * word and joins them with single spaces.
   */
  static String normalise(String text) {
    StringBuilder cleaned = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
                return;
              }
              if (isWhitespace(cp)) {
                cleaned.append(' ');
              } else if (isCjk(cp)) {
                cleaned.append(' ').appendCodePoint(cp).append(' ');
              } else {
                cleaned.appendCodePoint(cp);
              }
            });
    String nfc = Normalizer.normalize(cleaned, Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder(nfc.length());
    StringBuilder word = new StringBuilder();
    nfc.codePoints()
        .forEach(
            cp -> {
              if (isPythonSpace(cp)) {
                flushWord(word, out);
              } else {
                word.appendCodePoint(cp);
              }
            });
    flushWord(word, out);
    return out.toString();
  }

  private static void flushWord(StringBuilder word, StringBuilder out) {
    if (word.length() > 0) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(word.toString().toLowerCase(Locale.ROOT));
      word.setLength(0);
    }
  }

  private static boolean isWhitespace(int cp) {
    return cp == ' '
        || cp == '\t'
        || cp == '\n'
        || cp == '\r'
        || Character.getType(cp) == Character.SPACE_SEPARATOR;
  }

  private static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int t = Character.getType(cp);
    return t == Character.CONTROL
        || t == Character.FORMAT
        || t == Character.PRIVATE_USE
        || t == Character.SURROGATE
        || t == Character.UNASSIGNED;
  }

  /** Python's {@code str.isspace}, which {@code str.split()} splits on. */
  private static boolean isPythonSpace(int cp) {
    return Character.isWhitespace(cp)
        || Character.isSpaceChar(cp)
        || cp == 0x85
        || (cp >= 0x1C && cp <= 0x1F);
  }

  /** BERT's "Chinese character" ranges (CJK Unified Ideographs and their extensions). */
  private static boolean isCjk(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F)
        || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }

  private static List<String> pieces(String text) {
    String clean = normalise(text);
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
