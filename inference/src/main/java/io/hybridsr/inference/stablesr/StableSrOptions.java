package io.hybridsr.inference.stablesr;

/**
 * How StableSR runs: upscaling factor, DDIM steps, latent tile size and overlap, seed, colour fix.
 *
 * <p>Defaults: 64-pixel latent tiles (StableSR's 512-pixel training size) overlapping by 16,
 * 4 DDIM steps (the latency budget favours few steps; StableSR's maintainer suggests about 20 for
 * quality), AdaIN colour fix, 4x.
 */
public record StableSrOptions(int scale, int steps, int tileLatent, int overlapLatent, long seed, ColorFix colorFix) {

  public StableSrOptions {
    if (scale < 1 || scale > 8) {
      throw new IllegalArgumentException("scale must be in 1..8, got " + scale);
    }
    if (steps < 1 || steps > 1000) {
      throw new IllegalArgumentException("steps must be in 1..1000, got " + steps);
    }
    if (tileLatent < 8 || overlapLatent < 0 || overlapLatent >= tileLatent) {
      throw new IllegalArgumentException(
          "need tileLatent >= 8 and 0 <= overlapLatent < tileLatent, got " + tileLatent + " / " + overlapLatent);
    }
  }

  public static StableSrOptions defaults() {
    return new StableSrOptions(4, 4, 64, 16, 0, ColorFix.ADAIN);
  }

  public StableSrOptions withSteps(int s) {
    return new StableSrOptions(scale, s, tileLatent, overlapLatent, seed, colorFix);
  }

  public StableSrOptions withTiles(int tile, int overlap) {
    return new StableSrOptions(scale, steps, tile, overlap, seed, colorFix);
  }

  public StableSrOptions withSeed(long s) {
    return new StableSrOptions(scale, steps, tileLatent, overlapLatent, s, colorFix);
  }

  public StableSrOptions withColorFix(ColorFix c) {
    return new StableSrOptions(scale, steps, tileLatent, overlapLatent, seed, c);
  }

  public StableSrOptions withScale(int s) {
    return new StableSrOptions(s, steps, tileLatent, overlapLatent, seed, colorFix);
  }
}
