package io.hybridsr.inference.sdxl;

import io.hybridsr.core.image.ImageTensor;

/**
 * A generated image and the latent it was decoded from.
 *
 * <p>The latent (4 x H/8 x W/8, unscaled, as the UNet loop leaves it) is kept because the
 * partitioner ranks latent patches by spatial variance, then the decoded image is split on the same
 * grid (paper III-A1).
 *
 * @param image RGB in [0, 1], H x W
 */
public record GenerationResult(ImageTensor latent, ImageTensor image, Timings timings) {

  /** Wall-clock milliseconds of each stage; {@code stepMillis} has one entry per denoising step. */
  public record Timings(double textEncodingMillis, double[] stepMillis, double decodeMillis) {
    public double denoiseMillis() {
      double s = 0;
      for (double v : stepMillis) {
        s += v;
      }
      return s;
    }

    public double totalMillis() {
      return textEncodingMillis + denoiseMillis() + decodeMillis;
    }
  }
}
