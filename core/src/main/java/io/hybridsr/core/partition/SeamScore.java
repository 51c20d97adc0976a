package io.hybridsr.core.partition;

import io.hybridsr.core.image.ImageTensor;

/**
 * How visible patch borders are: the mean absolute intensity jump across the grid's borders
 * divided by the same jump between neighbouring pixels inside the patches.
 *
 * <p>About 1 means the borders look like any other place in the image; clearly above 1 means a
 * seam. Intensity is the channel mean, clamped to [0,1].
 */
public final class SeamScore {
  private SeamScore() {}

  public static double of(ImageTensor img, int grid) {
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
      for (int x = 0; x + 1 < w; x++) {
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
    for (int y = 0; y + 1 < h; y++) {
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
