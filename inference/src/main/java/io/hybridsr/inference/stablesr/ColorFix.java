package io.hybridsr.inference.stablesr;

import io.hybridsr.core.image.ImageTensor;

/**
 * StableSR's colour correction: diffusion SR drifts in colour, so the result takes its colour from
 * the (bicubically upscaled) input.
 *
 * <p>{@link #ADAIN} matches each channel's mean and standard deviation to the reference; {@link
 * #WAVELET} keeps the result's high frequencies and the reference's low ones (five levels of
 * dilated 3x3 blur, as StableSR's {@code wavelet_reconstruction}).
 */
public enum ColorFix {
  NONE,
  ADAIN,
  WAVELET;

  /** {@code content} corrected towards {@code reference} (same shape); a new tensor. */
  public ImageTensor apply(ImageTensor content, ImageTensor reference) {
    if (!content.shape().equals(reference.shape())) {
      throw new IllegalArgumentException(
          "colour fix needs equal shapes, got " + content.shape() + " and " + reference.shape());
    }
    return switch (this) {
      case NONE -> content.copy();
      case ADAIN -> adain(content, reference);
      case WAVELET -> wavelet(content, reference);
    };
  }

  private static ImageTensor adain(ImageTensor content, ImageTensor ref) {
    ImageTensor out = content.copy();
    int plane = content.height() * content.width();
    for (int c = 0; c < content.channels(); c++) {
      double[] a = stats(content.data(), c * plane, plane);
      double[] b = stats(ref.data(), c * plane, plane);
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        out.data()[i] = (float) ((content.data()[i] - a[0]) / a[1] * b[1] + b[0]);
      }
    }
    return out;
  }

  private static double[] stats(float[] d, int from, int n) {
    double mean = 0;
    for (int i = from; i < from + n; i++) {
      mean += d[i];
    }
    mean /= n;
    double var = 0;
    for (int i = from; i < from + n; i++) {
      var += (d[i] - mean) * (d[i] - mean);
    }
    // Unbiased variance plus epsilon, as StableSR's calc_mean_std.
    var = n > 1 ? var / (n - 1) : 0;
    return new double[] {mean, Math.sqrt(var + 1e-5)};
  }

  private static ImageTensor wavelet(ImageTensor content, ImageTensor ref) {
    ImageTensor high = highFrequency(content);
    ImageTensor low = lowFrequency(ref);
    float[] out = new float[high.data().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = high.data()[i] + low.data()[i];
    }
    return new ImageTensor(content.channels(), content.height(), content.width(), out);
  }

  private static final int LEVELS = 5;

  private static ImageTensor lowFrequency(ImageTensor img) {
    ImageTensor low = img;
    for (int l = 0; l < LEVELS; l++) {
      low = blur(low, 1 << l);
    }
    return low;
  }

  private static ImageTensor highFrequency(ImageTensor img) {
    ImageTensor low = lowFrequency(img);
    float[] h = img.data().clone();
    for (int i = 0; i < h.length; i++) {
      h[i] -= low.data()[i];
    }
    return new ImageTensor(img.channels(), img.height(), img.width(), h);
  }

  /** 3x3 binomial blur with the taps {@code radius} apart, replicate padding. */
  static ImageTensor blur(ImageTensor img, int radius) {
    float[] k = {0.25f, 0.5f, 0.25f};
    int h = img.height();
    int w = img.width();
    ImageTensor tmp = new ImageTensor(img.channels(), h, w);
    ImageTensor out = new ImageTensor(img.channels(), h, w);
    for (int c = 0; c < img.channels(); c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float s = 0;
          for (int j = -1; j <= 1; j++) {
            s += k[j + 1] * img.get(c, y, clamp(x + j * radius, w));
          }
          tmp.set(c, y, x, s);
        }
      }
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float s = 0;
          for (int j = -1; j <= 1; j++) {
            s += k[j + 1] * tmp.get(c, clamp(y + j * radius, h), x);
          }
          out.set(c, y, x, s);
        }
      }
    }
    return out;
  }

  private static int clamp(int v, int n) {
    return v < 0 ? 0 : (v >= n ? n - 1 : v);
  }
}
