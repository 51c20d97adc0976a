package io.hybridsr.core.latency;

import io.hybridsr.core.config.GenerationSize;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileKeys;

/**
 * FLOP counts of the pipeline's networks, from their structure (constants in the profile,
 * derivation in docs/models.md).
 *
 * <p>Raw model FLOP, before any efficiency: the latency model divides by efficiency. Kept apart so
 * the counts can be checked against hand-worked figures.
 */
public final class ModelLoads {
  private final double unetLinear;
  private final double unetAttention;
  private final double forwardsPerStep;
  private final double vaePerPixel;
  private final double stableSrTileStep;
  private final double stableSrSteps;
  private final int tileLatent;
  private final int tileStride;
  private final double realEsrganPerPixel;

  public ModelLoads(Profile p) {
    unetLinear = p.value(ProfileKeys.SDXL_LINEAR);
    unetAttention = p.value(ProfileKeys.SDXL_ATTENTION);
    forwardsPerStep = p.value(ProfileKeys.SDXL_FORWARDS);
    vaePerPixel = p.value(ProfileKeys.SDXL_VAE);
    stableSrTileStep = p.value(ProfileKeys.STABLESR_TILE_STEP);
    stableSrSteps = p.value(ProfileKeys.STABLESR_STEPS);
    tileLatent = (int) Math.round(p.value(ProfileKeys.STABLESR_TILE));
    tileStride = (int) Math.round(p.value(ProfileKeys.STABLESR_STRIDE));
    realEsrganPerPixel = p.value(ProfileKeys.REALESRGAN_FLOPS);
  }

  /**
   * One SDXL UNet forward on a latent of {@code cells} positions: a linear part (convolutions,
   * projections, feed-forward) plus self-attention, quadratic in the token count.
   */
  public double unetForward(double cells) {
    return unetLinear * cells + unetAttention * cells * cells;
  }

  /** One denoising step (all guidance branches) at generation size R. */
  public double unetStep(GenerationSize size) {
    return forwardsPerStep * unetForward(size.latentCells());
  }

  /** VAE decoding of an image of {@code pixels} pixels. */
  public double vaeDecode(double pixels) {
    return vaePerPixel * pixels;
  }

  /** StableSR tiles covering one output patch of the given pixel size (latent = pixels / 8). */
  public int stableSrTiles(int patchWidthPx, int patchHeightPx) {
    return tilesAlong(ceilDiv(patchWidthPx, 8)) * tilesAlong(ceilDiv(patchHeightPx, 8));
  }

  /** StableSR on {@code tiles} tiles for its configured number of steps. */
  public double stableSr(int tiles) {
    return tiles * stableSrSteps * stableSrTileStep;
  }

  /** Real-ESRGAN on {@code inputPixels} input pixels (its cost is per input pixel). */
  public double realEsrgan(double inputPixels) {
    return realEsrganPerPixel * inputPixels;
  }

  private int tilesAlong(int latent) {
    if (latent <= tileLatent) {
      return 1;
    }
    return ceilDiv(latent - tileLatent, tileStride) + 1;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
