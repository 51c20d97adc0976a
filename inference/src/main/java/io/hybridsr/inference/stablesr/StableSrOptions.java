package io.hybridsr.inference.stablesr;

import io.hybridsr.inference.diffusion.RespacedDdpm.Prediction;

/**
 * How StableSR runs: upscaling factor, DDPM steps, latent tile size and overlap, seed, colour fix,
 * the short side the input is first brought to, and what the UNet predicts.
 *
 * <p>Presets, both the reference's sampler (respaced DDPM, {@code scripts/
 * sr_val_ddpm_text_T_vqganfin_oldcanvas_tile.py}) with its tiles (64 latent cells = 512 px,
 * overlapping by 32) and its input preparation (short side to 512): {@link #reference()} with the
 * reference's 200 steps, and {@link #turbo()} with 4 steps, which is what StableSR-Turbo's
 * checkpoint is made for (with the 200-step checkpoint 4 steps give blurry results). {@link
 * #defaults()} is the Turbo preset: the edge's latency budget allows a few steps only. The 768v
 * checkpoint needs {@link #withPrediction} V and 96-cell tiles (768 px).
 */
public record StableSrOptions(
    int scale,
    int steps,
    int tileLatent,
    int overlapLatent,
    long seed,
    ColorFix colorFix,
    int inputSize,
    Prediction prediction) {

  /** The reference's {@code --ddpm_steps} for the StableSR checkpoint. */
  public static final int REFERENCE_STEPS = 200;

  /** Steps for the StableSR-Turbo checkpoint. */
  public static final int TURBO_STEPS = 4;

  public StableSrOptions {
    if (scale < 1 || scale > 8) {
      throw new IllegalArgumentException("scale must be in 1..8, got " + scale);
    }
    if (steps < 1 || steps > 1000) {
      throw new IllegalArgumentException("steps must be in 1..1000, got " + steps);
    }
    if (tileLatent < 8 || overlapLatent < 0 || overlapLatent >= tileLatent) {
      throw new IllegalArgumentException(
          "need tileLatent >= 8 and 0 <= overlapLatent < tileLatent, got "
              + tileLatent
              + " / "
              + overlapLatent);
    }
    if (inputSize < 0) {
      throw new IllegalArgumentException(
          "inputSize must be >= 0 (0: no resizing to a short side), got " + inputSize);
    }
    java.util.Objects.requireNonNull(prediction, "prediction");
  }

  /** The earlier form: epsilon prediction, input brought to a 512 px short side. */
  public StableSrOptions(
      int scale, int steps, int tileLatent, int overlapLatent, long seed, ColorFix colorFix) {
    this(scale, steps, tileLatent, overlapLatent, seed, colorFix, 512, Prediction.EPSILON);
  }

  /**
   * The reference's settings: 200 DDPM steps, 64-cell tiles overlapping by 32, 512 px short side,
   * 4x.
   */
  public static StableSrOptions reference() {
    return new StableSrOptions(
        4, REFERENCE_STEPS, 64, 32, 42, ColorFix.ADAIN, 512, Prediction.EPSILON);
  }

  /** The reference's settings with 4 DDPM steps, for the StableSR-Turbo checkpoint. */
  public static StableSrOptions turbo() {
    return reference().withSteps(TURBO_STEPS);
  }

  /** {@link #turbo()}: the edge's latency budget allows a few steps only. */
  public static StableSrOptions defaults() {
    return turbo();
  }

  public StableSrOptions withSteps(int s) {
    return new StableSrOptions(
        scale, s, tileLatent, overlapLatent, seed, colorFix, inputSize, prediction);
  }

  public StableSrOptions withTiles(int tile, int overlap) {
    return new StableSrOptions(scale, steps, tile, overlap, seed, colorFix, inputSize, prediction);
  }

  public StableSrOptions withSeed(long s) {
    return new StableSrOptions(
        scale, steps, tileLatent, overlapLatent, s, colorFix, inputSize, prediction);
  }

  public StableSrOptions withColorFix(ColorFix c) {
    return new StableSrOptions(
        scale, steps, tileLatent, overlapLatent, seed, c, inputSize, prediction);
  }

  public StableSrOptions withScale(int s) {
    return new StableSrOptions(
        s, steps, tileLatent, overlapLatent, seed, colorFix, inputSize, prediction);
  }

  /**
   * The short side the input is upscaled to before sampling (0: only by the scale), as {@code
   * --input_size}.
   */
  public StableSrOptions withInputSize(int px) {
    return new StableSrOptions(
        scale, steps, tileLatent, overlapLatent, seed, colorFix, px, prediction);
  }

  /** EPSILON for the 512 and Turbo checkpoints, V for the 768v one. */
  public StableSrOptions withPrediction(Prediction p) {
    return new StableSrOptions(
        scale, steps, tileLatent, overlapLatent, seed, colorFix, inputSize, p);
  }
}
