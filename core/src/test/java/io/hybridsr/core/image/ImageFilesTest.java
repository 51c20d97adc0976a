package io.hybridsr.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
  @TempDir Path dir;

  @Test
  void shouldRoundTripAn8BitRgbPngWithAlpha() throws IOException {
    ImageTensor rgb = new ImageTensor(3, 5, 7);
    for (int i = 0; i < rgb.data().length; i++) {
      rgb.data()[i] = (i % 256) / 255f;
    }
    ImageTensor alpha = new ImageTensor(1, 5, 7);
    Arrays.fill(alpha.data(), 128 / 255f);
    Path f = dir.resolve("a.png");
    ImageFiles.writePng(new Picture(rgb, alpha, false, 8), f);
    Picture back = ImageFiles.read(f);
    assertEquals(8, back.bitDepth());
    assertFalse(back.grey());
    assertNotNull(back.alpha());
    assertEquals(128 / 255f, back.alpha().get(0, 2, 3), 1e-6f);
    for (int i = 0; i < rgb.data().length; i++) {
      assertEquals(rgb.data()[i], back.rgb().data()[i], 1e-6f);
    }
  }

  @Test
  void shouldKeepSixteenBitGreyPngsSixteenBitAndGrey() throws IOException {
    ImageTensor g = new ImageTensor(3, 4, 4);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        for (int c = 0; c < 3; c++) {
          g.set(c, y, x, (1000 * (y * 4 + x)) / 65535f);
        }
      }
    }
    Path f = dir.resolve("g16.png");
    ImageFiles.writePng(new Picture(g, null, true, 16), f);
    Picture back = ImageFiles.read(f);
    assertTrue(back.grey());
    assertEquals(16, back.bitDepth());
    assertEquals(15000 / 65535f, back.rgb().get(1, 3, 3), 1e-7f);
  }

  @Test
  void shouldRefuseAnEmptyFileNamingIt() throws IOException {
    Path f = Files.createFile(dir.resolve("empty.png"));
    var e = assertThrows(ImageFileException.class, () -> ImageFiles.read(f));
    assertTrue(
        e.getMessage().contains("empty.png") && e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void shouldRefuseATextFileAsNotAnImage() throws IOException {
    Path f = Files.writeString(dir.resolve("notes.png"), "hello, not a picture");
    var e = assertThrows(ImageFileException.class, () -> ImageFiles.read(f));
    assertTrue(
        e.getMessage().contains("notes.png") && e.getMessage().contains("not a PNG or JPEG"),
        e.getMessage());
  }

  @Test
  void shouldRefuseATruncatedPng() throws IOException {
    ImageTensor rgb = new ImageTensor(3, 64, 64);
    var r = new java.util.Random(5);
    for (int i = 0; i < rgb.data().length; i++) {
      rgb.data()[i] = r.nextFloat();
    }
    Path full = dir.resolve("full.png");
    ImageFiles.writePng(rgb, full);
    byte[] b = Files.readAllBytes(full);
    Path cut = Files.write(dir.resolve("cut.png"), Arrays.copyOf(b, b.length / 2));
    var e = assertThrows(ImageFileException.class, () -> ImageFiles.read(cut));
    assertTrue(
        e.getMessage().contains("cut.png") && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void shouldRefuseAZeroSizedImage() throws IOException {
    Path f = Files.write(dir.resolve("zero.png"), pngHeaderOnly(0, 10));
    var e = assertThrows(ImageFileException.class, () -> ImageFiles.read(f));
    assertTrue(e.getMessage().contains("zero.png"), e.getMessage());
  }

  @Test
  void shouldRefuseAnImageOverThePixelLimitBeforeDecodingIt() throws IOException {
    Path f = dir.resolve("big.png");
    ImageFiles.writePng(new ImageTensor(3, 100, 100), f);
    var e = assertThrows(ImageFileException.class, () -> ImageFiles.read(f, 5_000));
    assertTrue(
        e.getMessage().contains("big.png") && e.getMessage().contains("over the limit of 5000"),
        e.getMessage());
  }

  @Test
  void shouldLeaveNoTemporaryFileBehindAfterWriting() throws IOException {
    ImageFiles.writePng(new ImageTensor(3, 3, 3), dir.resolve("out.png"));
    try (var s = Files.list(dir)) {
      assertEquals(java.util.List.of(dir.resolve("out.png")), s.toList());
    }
  }

  /** A PNG signature and an IHDR chunk with the given size (valid CRC), nothing else. */
  private static byte[] pngHeaderOnly(int w, int h) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    DataOutputStream c = new DataOutputStream(chunk);
    c.write("IHDR".getBytes(StandardCharsets.US_ASCII));
    c.writeInt(w);
    c.writeInt(h);
    c.write(new byte[] {8, 2, 0, 0, 0});
    byte[] body = chunk.toByteArray();
    out.writeInt(body.length - 4);
    out.write(body);
    CRC32 crc = new CRC32();
    crc.update(body);
    out.writeInt((int) crc.getValue());
    return bytes.toByteArray();
  }
}
