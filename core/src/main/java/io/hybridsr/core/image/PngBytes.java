package io.hybridsr.core.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * PNG in memory: how patches travel over Kafka (lossless 8-bit, smaller than raw floats, and a
 * payload any tool can open).
 */
public final class PngBytes {
  private PngBytes() {}

  /** Encodes a 3 x H x W tensor in [0,1] as an 8-bit RGB PNG. */
  public static byte[] encode(ImageTensor rgb) {
    BufferedImage img = ImageFiles.toBufferedImage(Picture.of(rgb));
    ByteArrayOutputStream out = new ByteArrayOutputStream(rgb.width() * rgb.height());
    try {
      if (!ImageIO.write(img, "png", out)) {
        throw new IllegalStateException("no PNG writer in this JVM");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Decodes PNG bytes to a 3 x H x W tensor in [0,1]; refuses bytes that are not an image. */
  public static ImageTensor decode(byte[] png) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
      if (img == null) {
        throw new IllegalArgumentException("not a PNG/JPEG image (" + png.length + " bytes)");
      }
      return ImageFiles.toPicture(img).rgb();
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable image bytes: " + e.getMessage(), e);
    }
  }
}
