package io.hybridsr.core.image;

import java.util.Objects;

/**
 * A decoded picture: RGB colour in [0,1], an optional alpha plane, and how it was stored.
 *
 * <p>SR models see only the RGB tensor; alpha, greyscale and bit depth travel beside it so that the
 * output file can be written the way the input was (grey stays grey, 16-bit stays 16-bit).
 *
 * @param rgb colour, 3 x H x W in [0,1] (grey inputs are replicated to three channels)
 * @param alpha 1 x H x W in [0,1], or {@code null} when the picture is opaque
 * @param grey whether the source had a single colour channel
 * @param bitDepth 8 or 16 bits per sample in the source file
 */
public record Picture(ImageTensor rgb, ImageTensor alpha, boolean grey, int bitDepth) {
  public Picture {
    Objects.requireNonNull(rgb, "rgb");
    if (rgb.channels() != 3) {
      throw new IllegalArgumentException("rgb must have 3 channels, got " + rgb.shape());
    }
    if (alpha != null
        && (alpha.channels() != 1
            || alpha.height() != rgb.height()
            || alpha.width() != rgb.width())) {
      throw new IllegalArgumentException(
          "alpha must be 1x" + rgb.height() + "x" + rgb.width() + ", got " + alpha.shape());
    }
    if (bitDepth != 8 && bitDepth != 16) {
      throw new IllegalArgumentException("bitDepth must be 8 or 16, got " + bitDepth);
    }
  }

  /** An opaque 8-bit colour picture. */
  public static Picture of(ImageTensor rgb) {
    return new Picture(rgb, null, false, 8);
  }

  public int width() {
    return rgb.width();
  }

  public int height() {
    return rgb.height();
  }

  /** The same storage properties with new pixel planes (after upscaling). */
  public Picture with(ImageTensor newRgb, ImageTensor newAlpha) {
    return new Picture(newRgb, newAlpha, grey, bitDepth);
  }
}
