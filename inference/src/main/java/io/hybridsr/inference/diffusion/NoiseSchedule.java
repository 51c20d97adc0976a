package io.hybridsr.inference.diffusion;

/**
 * The training noise schedule of a latent diffusion model: betas, cumulative alphas, and the
 * Karras-style sigma of each training timestep.
 *
 * <p>Stable Diffusion (1.x, 2.x, XL) and StableSR were all trained with the "scaled_linear"
 * schedule: betas linear in square-root space from 0.00085 to 0.012 over 1000 steps. Every sampler
 * derives its step sizes from this one table.
 */
public final class NoiseSchedule {
  private final double[] alphasCumprod;

  private NoiseSchedule(double[] alphasCumprod) {
    this.alphasCumprod = alphasCumprod;
  }

  /** Stable Diffusion's schedule: scaled_linear betas 0.00085..0.012, 1000 steps. */
  public static NoiseSchedule stableDiffusion() {
    return scaledLinear(0.00085, 0.012, 1000);
  }

  /** betas = linspace(sqrt(start), sqrt(end), n)^2, as diffusers' "scaled_linear". */
  public static NoiseSchedule scaledLinear(double betaStart, double betaEnd, int trainSteps) {
    if (trainSteps < 2 || !(betaStart > 0) || !(betaEnd < 1) || betaStart > betaEnd) {
      throw new IllegalArgumentException(
          "noise schedule needs 0 < betaStart <= betaEnd < 1 and >= 2 steps, got "
              + betaStart
              + ".."
              + betaEnd
              + " over "
              + trainSteps);
    }
    double a = Math.sqrt(betaStart);
    double b = Math.sqrt(betaEnd);
    double[] ac = new double[trainSteps];
    double prod = 1;
    for (int i = 0; i < trainSteps; i++) {
      double s = a + (b - a) * i / (trainSteps - 1);
      prod *= 1 - s * s;
      ac[i] = prod;
    }
    return new NoiseSchedule(ac);
  }

  public int trainSteps() {
    return alphasCumprod.length;
  }

  /** Cumulative product of alphas at training timestep {@code t}. */
  public double alphaCumprod(int t) {
    return alphasCumprod[t];
  }

  /** sigma(t) = sqrt((1 - alphaBar) / alphaBar): the noise level in "variance exploding" form. */
  public double sigma(int t) {
    double ac = alphasCumprod[t];
    return Math.sqrt((1 - ac) / ac);
  }
}
