package io.hybridsr.inference.realesrgan;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Picture;
import io.hybridsr.core.image.Resampler;
import io.hybridsr.inference.SuperResolver;
import java.util.function.UnaryOperator;

/**
 * Upscales a whole {@link Picture}: colour through an SR model, alpha by bicubic, then to the
 * requested outscale.
 *
 * <p>Why apart from the model: grey, alpha, 16-bit and outscale are file concerns, the same for any
 * {@link SuperResolver}. Grey pictures are replicated to RGB by the reader and written back as
 * grey; outscale 2 or 3 is made by an antialiased bicubic shrink of the model's x4 output, as
 * RealESRGANer does with its {@code outscale}.
 */
public final class PictureUpscaler {
  private PictureUpscaler() {}

  /**
   * @param colourPath upscales the RGB tensor by {@code nativeScale}
   * @param outscale the wanted factor (1..nativeScale)
   */
  public static Picture upscale(
      Picture p, UnaryOperator<ImageTensor> colourPath, int nativeScale, int outscale) {
    if (outscale < 1 || outscale > nativeScale) {
      throw new IllegalArgumentException(
          "outscale must be in 1.." + nativeScale + ", got " + outscale);
    }
    ImageTensor rgb = colourPath.apply(p.rgb());
    ImageTensor alpha =
        p.alpha() == null
            ? null
            : Resampler.bicubic(p.alpha(), p.width() * nativeScale, p.height() * nativeScale)
                .clampInPlace(0f, 1f);
    if (outscale != nativeScale) {
      int w = p.width() * outscale;
      int h = p.height() * outscale;
      rgb = Resampler.bicubic(rgb, w, h).clampInPlace(0f, 1f);
      alpha = alpha == null ? null : Resampler.bicubic(alpha, w, h).clampInPlace(0f, 1f);
    }
    return p.with(rgb, alpha);
  }

  public static Picture upscale(Picture p, SuperResolver sr, int outscale) {
    return upscale(p, sr::upscale, sr.scale(), outscale);
  }
}
