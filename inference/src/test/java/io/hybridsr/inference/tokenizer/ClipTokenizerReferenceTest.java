package io.hybridsr.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridsr.inference.sdxl.ReferenceData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both SDXL tokenizers against transformers' slow {@code CLIPTokenizer} (4.34, as diffusers 0.25
 * calls it) on the 63 reference prompts: empty, whitespace, case, punctuation, digits, Unicode
 * (NFC/NFD, full width, ligatures, CJK, Cyrillic, Arabic, Devanagari, Thai, emoji with ZWJ and
 * variation selectors, control characters), special tokens in the text, and truncation to 77.
 */
class ClipTokenizerReferenceTest {
  @TempDir Path tmp;

  @Test
  void shouldGiveTransformersIdsForEveryReferencePrompt() throws IOException {
    JsonNode cases =
        new ObjectMapper()
            .readTree(ReferenceData.root().resolve("tokenizer_cases.json").toFile())
            .get("cases");
    assertEquals(63, cases.size());
    ClipTokenizer one = ClipTokenizer.load(ReferenceData.export().resolve("tokenizer"));
    ClipTokenizer two = ClipTokenizer.load(ReferenceData.export().resolve("tokenizer_2"));
    List<String> wrong = new ArrayList<>();
    for (JsonNode c : cases) {
      String prompt = c.get("prompt").asText();
      check(wrong, "tokenizer", prompt, one, c.get("tokenizer"));
      check(wrong, "tokenizer_2", prompt, two, c.get("tokenizer_2"));
    }
    assertTrue(wrong.isEmpty(), wrong.size() + " mismatches:\n" + String.join("\n", wrong));
  }

  private static void check(
      List<String> wrong, String which, String prompt, ClipTokenizer tok, JsonNode ref) {
    int[] want = ints(ref.get("input_ids"));
    int[] got = tok.encode(prompt);
    if (!java.util.Arrays.equals(want, got)) {
      wrong.add(
          which
              + " "
              + escape(prompt)
              + ": expected "
              + java.util.Arrays.toString(ints(ref.get("untruncated_ids")))
              + " ("
              + ref.get("tokens")
              + "), got "
              + tok.untruncatedIds(prompt)
              + " "
              + tok.tokens(prompt));
    }
  }

  /**
   * The older config format of the SDXL base repository (AddedToken dicts) gives the same pad
   * tokens.
   */
  @Test
  void shouldReadTheHubsOlderConfigFormat() throws IOException {
    for (String name : List.of("tokenizer", "tokenizer_2")) {
      Path dir = tmp.resolve(name);
      Files.createDirectories(dir);
      for (String f : List.of("vocab.json", "merges.txt")) {
        Files.copy(ReferenceData.export().resolve(name).resolve(f), dir.resolve(f));
      }
      Path hub = ReferenceData.root().resolve("tokenizer-configs-sdxl-hub").resolve(name);
      for (String f : List.of("tokenizer_config.json", "special_tokens_map.json")) {
        Files.copy(hub.resolve(f), dir.resolve(f));
      }
      ClipTokenizer fromHub = ClipTokenizer.load(dir);
      ClipTokenizer fromExport = ClipTokenizer.load(ReferenceData.export().resolve(name));
      for (String p : List.of("a red fox in the snow", "hello!!!", "", "a <|endoftext|> b")) {
        assertArrayEquals(fromExport.encode(p), fromHub.encode(p), name + ": " + p);
      }
    }
  }

  private static int[] ints(JsonNode a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asInt();
    }
    return out;
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder("\"");
    s.codePoints()
        .forEach(
            cp ->
                b.append(
                    cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp == 0x200b || cp == 0x200d
                        ? String.format("\\u%04x", cp)
                        : new String(Character.toChars(cp))));
    return b.append('"').toString();
  }
}
