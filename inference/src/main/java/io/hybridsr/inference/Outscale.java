package io.hybridsr.inference;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Resampler;

/**
 * Upscales by any factor up to a model's native one: the model's pass, then a bicubic resample (as
 * RealESRGANer's {@code outscale}). The edge's foreground and the device's background patches both
 * go through here, so S = 2 or 3 means the same on either side.
 */
public final class Outscale {
  private Outscale() {}

  public static ImageTensor upscale(SuperResolver sr, ImageTensor rgb, int scale) {
    if (scale < 1 || scale > sr.scale()) {
      throw new IllegalArgumentException(
          "scale " + scale + " outside 1.." + sr.scale() + " of " + sr.name());
    }
    if (scale == 1) {
      return rgb;
    }
    ImageTensor up = sr.upscale(rgb);
    if (scale == sr.scale()) {
      return up;
    }
    return Resampler.bicubic(up, rgb.width() * scale, rgb.height() * scale).clampInPlace(0f, 1f);
  }
}
