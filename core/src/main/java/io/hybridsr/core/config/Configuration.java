package io.hybridsr.core.config;

/**
 * One user's configuration e_k = [S_k, D_k]: the SR scale and the number of denoising steps.
 *
 * <p>Scale 1 means no super-resolution: the edge generates at the target size directly.
 *
 * @param scale the SR scale S (>= 1)
 * @param steps the denoising steps D (>= 1)
 */
public record Configuration(int scale, int steps) {
  public Configuration {
    if (scale < 1) {
      throw new IllegalArgumentException("scale S must be >= 1 but was " + scale);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps D must be >= 1 but was " + steps);
    }
  }

  /** True when the output needs super-resolution (S > 1). */
  public boolean usesSuperResolution() {
    return scale > 1;
  }

  @Override
  public String toString() {
    return "[S=" + scale + ",D=" + steps + "]";
  }
}
