package io.hybridsr.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.inference.standin.TinyClipVocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipTokenizerTest {
  @TempDir Path dir;

  @Test
  void shouldSplitLowercaseAndMergeWholeWords() throws IOException {
    TinyClipVocabulary.write(dir, "<|endoftext|>");
    ClipTokenizer t = ClipTokenizer.load(dir);
    assertEquals(
        List.of("a</w>", "photo</w>", "of</w>", "a</w>", "cat</w>", ",</w>", "detailed</w>"),
        t.tokens("  A   Photo of a CAT,\tdetailed "));
  }

  @Test
  void shouldFallBackToByteSymbolsForUnknownWordsAndSplitDigits() throws IOException {
    TinyClipVocabulary.write(dir, "<|endoftext|>");
    ClipTokenizer t = ClipTokenizer.load(dir);
    assertEquals(
        List.of("z", "e", "b", "r", "a</w>", "4</w>", "2</w>", "'", "s</w>"),
        t.tokens("zebra 42's"));
    // Non-ASCII text goes through the byte-to-unicode map: 'é' is two UTF-8 bytes.
    assertEquals(2, t.tokens("é").size());
  }

  @Test
  void shouldFrameWithStartAndEndAndPadTo77WithTheFoldersPadToken() throws IOException {
    TinyClipVocabulary.write(dir.resolve("one"), "<|endoftext|>");
    TinyClipVocabulary.write(dir.resolve("two"), "!");
    ClipTokenizer one = ClipTokenizer.load(dir.resolve("one"));
    ClipTokenizer two = ClipTokenizer.load(dir.resolve("two"));
    int[] a = one.encode("a cat");
    int[] b = two.encode("a cat");
    assertEquals(77, a.length);
    int size = TinyClipVocabulary.size(dir.resolve("one"));
    int bos = size - 2;
    int eos = size - 1;
    assertEquals(bos, a[0]);
    assertEquals(eos, a[3]);
    assertEquals(eos, a[76]); // padded with <|endoftext|>
    assertEquals(0, b[76]); // padded with "!", id 0, as SDXL's second tokenizer
    assertEquals(a[1], b[1]);
  }

  @Test
  void shouldTruncateLongPromptsKeepingTheEndToken() throws IOException {
    TinyClipVocabulary.write(dir, "<|endoftext|>");
    ClipTokenizer t = ClipTokenizer.load(dir);
    int[] ids = t.encode("cat ".repeat(200));
    assertEquals(77, ids.length);
    assertEquals(TinyClipVocabulary.size(dir) - 1, ids[76]);
  }

  @Test
  void shouldApplyMergesByRankNotByPosition() {
    Map<String, Integer> vocab = new java.util.HashMap<>();
    for (String s :
        List.of(
            "l",
            "o",
            "w",
            "w</w>",
            "lo",
            "ow</w>",
            "low</w>",
            "l</w>",
            "o</w>",
            ClipTokenizer.BOS,
            ClipTokenizer.EOS)) {
      vocab.put(s, vocab.size());
    }
    // "o w</w>" ranks before "l o": the reference merges o+w first, then l+ow.
    ClipTokenizer t =
        new ClipTokenizer(vocab, List.of("o w</w>", "l o", "l ow</w>"), ClipTokenizer.EOS, 8);
    assertEquals(List.of("low</w>"), t.tokens("low"));
    assertArrayEquals(new int[] {9, 6, 10, 10, 10, 10, 10, 10}, t.encode("low"));
  }

  @Test
  void shouldNameTheMissingFile() {
    IOException e = assertThrows(IOException.class, () -> ClipTokenizer.load(dir));
    assertTrue(e.getMessage().contains("vocab.json"), e.getMessage());
  }

  @Test
  void shouldNameTheBadMergesLine() throws IOException {
    TinyClipVocabulary.write(dir, "<|endoftext|>");
    Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\na b\nthree part line\n");
    IOException e = assertThrows(IOException.class, () -> ClipTokenizer.load(dir));
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }
}
