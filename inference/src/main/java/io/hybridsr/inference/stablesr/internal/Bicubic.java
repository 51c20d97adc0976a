package io.hybridsr.inference.stablesr.internal;

import io.hybridsr.core.image.ImageTensor;

/**
 * Bicubic resampling (Keys kernel, a = -0.5, half-pixel centres, edge replication): StableSR's
 * input is the low-resolution patch upscaled this way before it is encoded.
 */
public final class Bicubic {
  private Bicubic() {}

  public static ImageTensor resize(ImageTensor in, int outWidth, int outHeight) {
    int c = in.channels();
    int h = in.height();
    int w = in.width();
    ImageTensor tmp = new ImageTensor(c, h, outWidth);
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < outWidth; x++) {
          tmp.set(ch, y, x, sample(in, ch, y, (x + 0.5) * w / outWidth - 0.5, true));
        }
      }
    }
    ImageTensor out = new ImageTensor(c, outHeight, outWidth);
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < outHeight; y++) {
        double sy = (y + 0.5) * h / outHeight - 0.5;
        for (int x = 0; x < outWidth; x++) {
          out.set(ch, y, x, sample(tmp, ch, x, sy, false));
        }
      }
    }
    return out;
  }

  /** Interpolates along x (horizontal) or y at fractional position {@code pos}. */
  private static float sample(ImageTensor t, int ch, int fixed, double pos, boolean horizontal) {
    int base = (int) Math.floor(pos);
    double f = pos - base;
    double s = 0;
    int n = horizontal ? t.width() : t.height();
    for (int k = -1; k <= 2; k++) {
      int i = Math.max(0, Math.min(n - 1, base + k));
      double v = horizontal ? t.get(ch, fixed, i) : t.get(ch, i, fixed);
      s += v * kernel(k - f);
    }
    return (float) s;
  }

  private static double kernel(double x) {
    double a = -0.5;
    x = Math.abs(x);
    if (x <= 1) {
      return (a + 2) * x * x * x - (a + 3) * x * x + 1;
    }
    if (x < 2) {
      return a * x * x * x - 5 * a * x * x + 8 * a * x - 4 * a;
    }
    return 0;
  }
}
