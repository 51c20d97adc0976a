package io.hybridsr.core.image;

/**
 * Full-reference quality metrics between two images of the same shape, values in [0,1].
 *
 * <p>PSNR is over every channel (peak 1.0). SSIM follows Wang et al. 2004 on the luma (BT.601) with
 * an 11x11 Gaussian window (sigma 1.5) and K1 = 0.01, K2 = 0.03, the common convention of SR
 * papers. Inputs are clamped to [0,1] first so that unclamped model outputs score like the 8-bit
 * files a user sees.
 */
public final class ImageMetrics {
  private ImageMetrics() {}

  /** Peak signal-to-noise ratio in dB; {@code +Infinity} for identical images. */
  public static double psnr(ImageTensor a, ImageTensor b) {
    requireSameShape(a, b);
    double se = 0;
    float[] x = a.data();
    float[] y = b.data();
    for (int i = 0; i < x.length; i++) {
      double d = clamp(x[i]) - clamp(y[i]);
      se += d * d;
    }
    double mse = se / x.length;
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1.0 / mse);
  }

  /** The largest absolute difference between two tensors (not clamped). */
  public static double maxAbsDiff(ImageTensor a, ImageTensor b) {
    requireSameShape(a, b);
    double m = 0;
    for (int i = 0; i < a.data().length; i++) {
      m = Math.max(m, Math.abs(a.data()[i] - b.data()[i]));
    }
    return m;
  }

  /** Mean structural similarity on the luma plane. */
  public static double ssim(ImageTensor a, ImageTensor b) {
    requireSameShape(a, b);
    int w = a.width();
    int h = a.height();
    float[] x = luma(a);
    float[] y = luma(b);
    float[] mx = blur(x, w, h);
    float[] my = blur(y, w, h);
    float[] xx = new float[x.length];
    float[] yy = new float[x.length];
    float[] xy = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      xx[i] = x[i] * x[i];
      yy[i] = y[i] * y[i];
      xy[i] = x[i] * y[i];
    }
    float[] sxx = blur(xx, w, h);
    float[] syy = blur(yy, w, h);
    float[] sxy = blur(xy, w, h);
    double c1 = 0.01 * 0.01;
    double c2 = 0.03 * 0.03;
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double vx = sxx[i] - (double) mx[i] * mx[i];
      double vy = syy[i] - (double) my[i] * my[i];
      double cxy = sxy[i] - (double) mx[i] * my[i];
      sum +=
          ((2 * mx[i] * my[i] + c1) * (2 * cxy + c2))
              / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
    }
    return sum / x.length;
  }

  private static float[] luma(ImageTensor t) {
    int n = t.width() * t.height();
    float[] d = t.data();
    float[] l = new float[n];
    if (t.channels() < 3) {
      for (int i = 0; i < n; i++) {
        l[i] = clamp(d[i]);
      }
      return l;
    }
    for (int i = 0; i < n; i++) {
      l[i] = 0.299f * clamp(d[i]) + 0.587f * clamp(d[n + i]) + 0.114f * clamp(d[2 * n + i]);
    }
    return l;
  }

  /** Separable 11-tap Gaussian (sigma 1.5), borders by clamping the window to the image. */
  private static float[] blur(float[] v, int w, int h) {
    double[] g = new double[11];
    for (int i = 0; i < 11; i++) {
      g[i] = Math.exp(-((i - 5) * (i - 5)) / (2 * 1.5 * 1.5));
    }
    float[] tmp = new float[v.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double acc = 0;
        double ws = 0;
        for (int k = -5; k <= 5; k++) {
          int xx = x + k;
          if (xx >= 0 && xx < w) {
            acc += g[k + 5] * v[y * w + xx];
            ws += g[k + 5];
          }
        }
        tmp[y * w + x] = (float) (acc / ws);
      }
    }
    float[] out = new float[v.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double acc = 0;
        double ws = 0;
        for (int k = -5; k <= 5; k++) {
          int yy = y + k;
          if (yy >= 0 && yy < h) {
            acc += g[k + 5] * tmp[yy * w + x];
            ws += g[k + 5];
          }
        }
        out[y * w + x] = (float) (acc / ws);
      }
    }
    return out;
  }

  private static float clamp(float v) {
    return v < 0f ? 0f : (v > 1f ? 1f : v);
  }

  private static void requireSameShape(ImageTensor a, ImageTensor b) {
    if (a.channels() != b.channels() || a.height() != b.height() || a.width() != b.width()) {
      throw new IllegalArgumentException("shapes differ: " + a.shape() + " vs " + b.shape());
    }
  }
}
