package io.hybridsr.jobs.cli;

import io.hybridsr.core.image.ImageTensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes an RGB image tensor (CHW, values in [0, 1]) as a PNG file. */
final class PngImages {
  private PngImages() {}

  static void write(ImageTensor rgb, Path out) throws IOException {
    if (rgb.channels() != 3) {
      throw new IllegalArgumentException("PNG needs 3 channels, got " + rgb.shape());
    }
    BufferedImage img = new BufferedImage(rgb.width(), rgb.height(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < rgb.height(); y++) {
      for (int x = 0; x < rgb.width(); x++) {
        int r = to8(rgb.get(0, y, x));
        int g = to8(rgb.get(1, y, x));
        int b = to8(rgb.get(2, y, x));
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(img, "png", out.toFile())) {
      throw new IOException("no PNG writer available for " + out);
    }
  }

  private static int to8(float v) {
    return Math.max(0, Math.min(255, Math.round(v * 255)));
  }
}
