package io.hybridsr.inference.stablesr;

import io.hybridsr.core.image.ImageTensor;

/**
 * The input preparation of StableSR's reference scripts: PyTorch's {@code F.interpolate(...,
 * mode='bicubic')} (align_corners False, a = -0.75, no antialiasing, border taps clamped) and
 * {@code F.pad(..., mode='reflect')} to a multiple of 32.
 */
public final class TorchResize {
  private TorchResize() {}

  private static final double A = -0.75;

  /** Bicubic resize to {@code outW x outH} as PyTorch computes it for a given output size. */
  public static ImageTensor bicubic(ImageTensor src, int outW, int outH) {
    int c = src.channels();
    int h = src.height();
    int w = src.width();
    float[] tmp = new float[c * h * outW];
    Taps tx = taps(w, outW);
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < outW; x++) {
          double s = 0;
          for (int k = 0; k < 4; k++) {
            s += tx.weight[4 * x + k] * src.get(ch, y, tx.index[4 * x + k]);
          }
          tmp[(ch * h + y) * outW + x] = (float) s;
        }
      }
    }
    Taps ty = taps(h, outH);
    ImageTensor out = new ImageTensor(c, outH, outW);
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < outH; y++) {
        for (int x = 0; x < outW; x++) {
          double s = 0;
          for (int k = 0; k < 4; k++) {
            s += ty.weight[4 * y + k] * tmp[(ch * h + ty.index[4 * y + k]) * outW + x];
          }
          out.set(ch, y, x, (float) s);
        }
      }
    }
    return out;
  }

  private record Taps(int[] index, double[] weight) {}

  private static Taps taps(int in, int out) {
    int[] idx = new int[4 * out];
    double[] wt = new double[4 * out];
    double scale = (double) in / out;
    for (int o = 0; o < out; o++) {
      double src = (o + 0.5) * scale - 0.5; // align_corners=False
      int i0 = (int) Math.floor(src);
      double t = src - i0;
      double[] k = {cubic2(t + 1), cubic1(t), cubic1(1 - t), cubic2(2 - t)};
      for (int j = 0; j < 4; j++) {
        idx[4 * o + j] = Math.max(0, Math.min(in - 1, i0 - 1 + j));
        wt[4 * o + j] = k[j];
      }
    }
    return new Taps(idx, wt);
  }

  private static double cubic1(double x) { // |x| <= 1
    return ((A + 2) * x - (A + 3)) * x * x + 1;
  }

  private static double cubic2(double x) { // 1 < |x| < 2
    return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
  }

  /**
   * Reflect padding on the right and bottom to the next multiple of {@code m}, as the reference:
   * none when both sides already are multiples, else to {@code (size / m + 1) * m} on both axes (a
   * side that is a multiple still grows by m; the edge pixel is not repeated).
   */
  public static ImageTensor reflectPadTo(ImageTensor img, int m) {
    int h = img.height();
    int w = img.width();
    if (h % m == 0 && w % m == 0) {
      return img;
    }
    int ph = (h / m + 1) * m;
    int pw = (w / m + 1) * m;
    if (ph - h >= h || pw - w >= w) {
      throw new IllegalArgumentException(
          "reflect padding of "
              + w
              + "x"
              + h
              + " to "
              + pw
              + "x"
              + ph
              + " needs the padding to be smaller than the image");
    }
    ImageTensor out = new ImageTensor(img.channels(), ph, pw);
    for (int c = 0; c < img.channels(); c++) {
      for (int y = 0; y < ph; y++) {
        int sy = y < h ? y : 2 * (h - 1) - y;
        for (int x = 0; x < pw; x++) {
          int sx = x < w ? x : 2 * (w - 1) - x;
          out.set(c, y, x, img.get(c, sy, sx));
        }
      }
    }
    return out;
  }
}
