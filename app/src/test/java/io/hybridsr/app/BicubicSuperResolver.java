package io.hybridsr.app;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Resampler;
import io.hybridsr.inference.SuperResolver;

/** A test fake: bicubic x4, deterministic and fast, so geometry can be checked exactly. */
final class BicubicSuperResolver implements SuperResolver {
  @Override
  public ImageTensor upscale(ImageTensor rgb) {
    return Resampler.bicubic(rgb, rgb.width() * 4, rgb.height() * 4).clampInPlace(0f, 1f);
  }

  @Override
  public int scale() {
    return 4;
  }

  @Override
  public String name() {
    return "bicubic-x4 (test fake)";
  }
}
