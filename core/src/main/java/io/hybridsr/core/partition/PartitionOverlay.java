package io.hybridsr.core.partition;

import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Picture;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws a partition over an image: foreground (edge diffusion SR) patches red, background (device
 * SR) patches green, as in the paper's Fig. 4, so a person can see what went where.
 */
public final class PartitionOverlay {
  private static final Color FOREGROUND = new Color(230, 30, 30);
  private static final Color BACKGROUND = new Color(30, 200, 30);

  private PartitionOverlay() {}

  /**
   * @param rgb the image, 3 x H x W in [0,1]
   * @param patches patch rectangles in the image's pixels
   * @param foreground per patch, whether it is foreground
   * @param labels per patch, a short label drawn in its corner (or null for none)
   */
  public static BufferedImage draw(
      ImageTensor rgb, List<Rect> patches, boolean[] foreground, String[] labels) {
    // Small inputs (a 64 px crop, a latent) are enlarged, pixel for pixel, so labels stay legible.
    int k = Math.max(1, 512 / Math.max(rgb.width(), rgb.height()));
    BufferedImage src = ImageFiles.toBufferedImage(Picture.of(rgb));
    BufferedImage img =
        new BufferedImage(src.getWidth() * k, src.getHeight() * k, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(
          java.awt.RenderingHints.KEY_INTERPOLATION,
          java.awt.RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
      g.drawImage(src, 0, 0, img.getWidth(), img.getHeight(), null);
      g.setRenderingHint(
          java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
          java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 12));
      int stroke = Math.max(1, Math.min(img.getWidth(), img.getHeight()) / 200);
      g.setStroke(new BasicStroke(stroke));
      for (int i = 0; i < patches.size(); i++) {
        Rect r = patches.get(i).scale(k);
        Color c = foreground[i] ? FOREGROUND : BACKGROUND;
        g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
        g.fillRect(r.x(), r.y(), r.width(), r.height());
        g.setColor(c);
        g.drawRect(r.x() + stroke / 2, r.y() + stroke / 2, r.width() - stroke, r.height() - stroke);
        if (labels != null && labels[i] != null) {
          g.drawString(labels[i], r.x() + 3 + stroke, r.y() + 12 + stroke);
        }
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** The same with the partition's own rectangles, marks and variances as labels. */
  public static BufferedImage draw(ImageTensor rgb, Partition p) {
    String[] labels = new String[p.patches().size()];
    double[] v = p.variances();
    for (int i = 0; i < labels.length; i++) {
      labels[i] =
          String.format(java.util.Locale.ROOT, "%s %.4f", p.isForeground(i) ? "FG" : "BG", v[i]);
    }
    return draw(rgb, p.patches(), p.foreground(), labels);
  }
}
