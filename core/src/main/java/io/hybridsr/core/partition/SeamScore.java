package io.hybridsr.core.partition;

import io.hybridsr.core.image.ImageTensor;

/**
 * How visible patch borders are: the mean absolute intensity jump across the grid's borders divided
 * by the same jump between neighbouring pixels inside the patches.
 *
 * <p>About 1 means the borders look like any other place in the image; clearly above 1 means a
 * seam. Intensity is the channel mean, clamped to [0,1]. An x{@code period} upscale has a periodic
 * texture (jumps between source pixels differ from jumps within one), and the grid's borders all
 * fall between source pixels; so only interior pairs at the same phase (between pixel {@code
 * k*period-1} and {@code k*period}) are compared, else even a plain bicubic upscale would show
 * "seams".
 */
public final class SeamScore {
  private SeamScore() {}

  /** The score with every neighbouring pair inside the patches as the baseline (period 1). */
  public static double of(ImageTensor img, int grid) {
    return of(img, grid, 1);
  }

  public static double of(ImageTensor img, int grid, int period) {
    if (period < 1) {
      throw new IllegalArgumentException("period must be >= 1, got " + period);
    }
    int w = img.width();
    int h = img.height();
    float[] lum = new float[w * h];
    int plane = w * h;
    for (int i = 0; i < plane; i++) {
      float s = 0;
      for (int c = 0; c < img.channels(); c++) {
        s += Math.max(0f, Math.min(1f, img.data()[c * plane + i]));
      }
      lum[i] = s / img.channels();
    }
    boolean[] borderAfterX = new boolean[w];
    boolean[] borderAfterY = new boolean[h];
    for (int k = 1; k < grid; k++) {
      borderAfterX[(int) ((long) k * w / grid) - 1] = true;
      borderAfterY[(int) ((long) k * h / grid) - 1] = true;
    }
    double seam = 0;
    long seamN = 0;
    double inner = 0;
    long innerN = 0;
    for (int y = 0; y < h; y++) {
      for (int x = period - 1; x + 1 < w; x += period) {
        double d = Math.abs(lum[y * w + x + 1] - lum[y * w + x]);
        if (borderAfterX[x]) {
          seam += d;
          seamN++;
        } else {
          inner += d;
          innerN++;
        }
      }
    }
    for (int y = period - 1; y + 1 < h; y += period) {
      for (int x = 0; x < w; x++) {
        double d = Math.abs(lum[(y + 1) * w + x] - lum[y * w + x]);
        if (borderAfterY[y]) {
          seam += d;
          seamN++;
        } else {
          inner += d;
          innerN++;
        }
      }
    }
    if (seamN == 0 || innerN == 0 || inner == 0) {
      return Double.NaN;
    }
    return (seam / seamN) / (inner / innerN);
  }
}
