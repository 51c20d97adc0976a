package io.hybridsr.inference.realesrgan;

import io.hybridsr.core.image.ImageTensor;

/**
 * Pre- and post-processing around the Real-ESRGAN network (the Translator half of DJL's split).
 *
 * <p>In: RGB, 3 x H x W float in [0,1] (the NCHW layout the network takes, batch 1). Out: the
 * network's raw values clamped to [0,1] and rounded to 8-bit levels, as Real-ESRGAN's own
 * post-processing does before writing a file, so tiled and whole-image runs are compared on what a
 * user sees.
 */
public final class RealEsrganTranslator {
  private final int levels;

  /** Quantises to 8 bits (255 levels). */
  public RealEsrganTranslator() {
    this(8);
  }

  public RealEsrganTranslator(int bits) {
    if (bits < 1 || bits > 16) {
      throw new IllegalArgumentException("bits must be in 1..16, got " + bits);
    }
    this.levels = (1 << bits) - 1;
  }

  /** Checks the layout and returns the network input (no copy when values are already in range). */
  public ImageTensor toInput(ImageTensor rgb) {
    if (rgb.channels() != 3) {
      throw new IllegalArgumentException("Real-ESRGAN takes 3-channel RGB, got " + rgb.shape());
    }
    for (float v : rgb.data()) {
      if (!(v >= 0f && v <= 1f)) {
        return rgb.copy().clampInPlace(0f, 1f);
      }
    }
    return rgb;
  }

  /** Clamps to [0,1] and rounds to the quantisation levels, in place; returns {@code raw}. */
  public ImageTensor toImage(ImageTensor raw) {
    float[] d = raw.data();
    for (int i = 0; i < d.length; i++) {
      float v = d[i];
      v = v < 0f ? 0f : (v > 1f ? 1f : v);
      d[i] = Math.round(v * levels) / (float) levels;
    }
    return raw;
  }
}
