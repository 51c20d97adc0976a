package io.hybridsr.core.config;

/**
 * The size R = R~ / S at which the edge generates (constraint 13), rounded to what SDXL accepts.
 *
 * <p>Each side is rounded to the nearest multiple of {@link #MULTIPLE} (64 px = 8 latent cells),
 * and at least {@link #MIN_SIDE}, so the 1/8 latent divides into the 4x4 partition grid with whole
 * cells. The device resizes the stitched result to the exact target.
 *
 * @param width generation width in pixels
 * @param height generation height in pixels
 */
public record GenerationSize(int width, int height) {
  /** Sides are multiples of this many pixels. */
  public static final int MULTIPLE = 64;

  /** Smallest generated side: SDXL degrades badly below this and the grid needs room. */
  public static final int MIN_SIDE = 128;

  public GenerationSize {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "generation size must be positive: " + width + "x" + height);
    }
  }

  /** R = R~ / S with each side rounded to the nearest multiple of 64 (at least 128). */
  public static GenerationSize of(int targetWidth, int targetHeight, int scale) {
    return new GenerationSize(side(targetWidth, scale), side(targetHeight, scale));
  }

  private static int side(int target, int scale) {
    long rounded = Math.round((double) target / scale / MULTIPLE) * MULTIPLE;
    return (int) Math.max(MIN_SIDE, rounded);
  }

  /** Pixel count |R|. */
  public long pixels() {
    return (long) width * height;
  }

  /** Latent cells (pixels / 64): the token count the UNet works on at its first level. */
  public long latentCells() {
    return (long) (width / 8) * (height / 8);
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
