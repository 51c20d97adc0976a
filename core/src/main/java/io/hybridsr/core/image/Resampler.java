package io.hybridsr.core.image;

/**
 * Separable bicubic resampling of an {@link ImageTensor}, antialiased when it shrinks.
 *
 * <p>Follows Pillow's convolution resize (cubic a = -0.5; when downscaling, the kernel is stretched
 * by the scale factor so it averages every source pixel, which avoids aliasing). The evaluation's
 * "4x antialiased bicubic downscale" and the bicubic baseline both use it, and outscale 2 or 3 is
 * made by shrinking Real-ESRGAN's x4 output with it. Values are not clamped.
 *
 * <pre>{@code
 * ImageTensor small = Resampler.bicubic(img, img.width() / 4, img.height() / 4);
 * }</pre>
 */
public final class Resampler {
  private static final double A = -0.5;

  private Resampler() {}

  /** Resizes to {@code outW x outH}; antialiased in each direction that shrinks. */
  public static ImageTensor bicubic(ImageTensor src, int outW, int outH) {
    if (outW <= 0 || outH <= 0) {
      throw new IllegalArgumentException("output size must be positive, got " + outW + "x" + outH);
    }
    Weights wx = weights(src.width(), outW);
    Weights wy = weights(src.height(), outH);
    int c = src.channels();
    int inW = src.width();
    int inH = src.height();
    // Horizontal pass: C x inH x outW.
    float[] tmp = new float[c * inH * outW];
    float[] s = src.data();
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < inH; y++) {
        int rowIn = (ch * inH + y) * inW;
        int rowOut = (ch * inH + y) * outW;
        for (int x = 0; x < outW; x++) {
          double acc = 0;
          int start = wx.start[x];
          double[] k = wx.k[x];
          for (int j = 0; j < k.length; j++) {
            acc += k[j] * s[rowIn + start + j];
          }
          tmp[rowOut + x] = (float) acc;
        }
      }
    }
    ImageTensor out = new ImageTensor(c, outH, outW);
    float[] o = out.data();
    for (int ch = 0; ch < c; ch++) {
      int base = ch * inH * outW;
      for (int y = 0; y < outH; y++) {
        int start = wy.start[y];
        double[] k = wy.k[y];
        int rowOut = (ch * outH + y) * outW;
        for (int x = 0; x < outW; x++) {
          double acc = 0;
          for (int j = 0; j < k.length; j++) {
            acc += k[j] * tmp[base + (start + j) * outW + x];
          }
          o[rowOut + x] = (float) acc;
        }
      }
    }
    return out;
  }

  /** Scales both sides by {@code factor} (rounded), e.g. 0.25 for the evaluation's downscale. */
  public static ImageTensor scale(ImageTensor src, double factor) {
    return bicubic(
        src,
        Math.max(1, (int) Math.round(src.width() * factor)),
        Math.max(1, (int) Math.round(src.height() * factor)));
  }

  private record Weights(int[] start, double[][] k) {}

  private static Weights weights(int in, int out) {
    double scale = (double) in / out;
    double filterScale = Math.max(1.0, scale);
    double support = 2.0 * filterScale;
    int[] start = new int[out];
    double[][] k = new double[out][];
    for (int i = 0; i < out; i++) {
      double center = (i + 0.5) * scale;
      int lo = Math.max(0, (int) Math.floor(center - support));
      int hi = Math.min(in, (int) Math.ceil(center + support));
      double[] w = new double[hi - lo];
      double sum = 0;
      for (int j = lo; j < hi; j++) {
        double v = cubic((j + 0.5 - center) / filterScale);
        w[j - lo] = v;
        sum += v;
      }
      if (sum == 0) {
        // a window that only met zero weights: take the nearest source pixel
        w = new double[] {1.0};
        lo = Math.min(in - 1, Math.max(0, (int) Math.floor(center)));
      } else {
        for (int j = 0; j < w.length; j++) {
          w[j] /= sum;
        }
      }
      start[i] = lo;
      k[i] = w;
    }
    return new Weights(start, k);
  }

  private static double cubic(double x) {
    x = Math.abs(x);
    if (x < 1) {
      return ((A + 2) * x - (A + 3)) * x * x + 1;
    }
    if (x < 2) {
      return (((x - 5) * x + 8) * x - 4) * A;
    }
    return 0;
  }
}
