package io.hybridsr.inference.diffusion;

/**
 * Deterministic DDIM sampling (Song et al. 2021, eta = 0), as diffusers' {@code DDIMScheduler} with
 * {@code set_alpha_to_one = false}.
 *
 * <p>StableSR samples with few respaced steps; DDIM is the standard few-step sampler for its
 * epsilon-predicting UNet. The latent is variance-preserving: no input scaling, unit noise.
 */
public final class DdimScheduler extends TabulatedScheduler {
  private final NoiseSchedule schedule;
  private final int ratio;

  public DdimScheduler(
      NoiseSchedule schedule, int steps, TimestepSpacing spacing, int stepsOffset) {
    super(schedule, spacing.timesteps(schedule.trainSteps(), steps, stepsOffset));
    this.schedule = schedule;
    this.ratio = schedule.trainSteps() / steps;
  }

  @Override
  public float[] step(float[] eps, int i, float[] x) {
    int t = timestep(i);
    int prev = t - ratio;
    double a = schedule.alphaCumprod(t);
    double aPrev = prev >= 0 ? schedule.alphaCumprod(prev) : schedule.alphaCumprod(0);
    double sa = Math.sqrt(a);
    double s1a = Math.sqrt(1 - a);
    double sap = Math.sqrt(aPrev);
    double s1ap = Math.sqrt(1 - aPrev);
    float[] out = new float[x.length];
    for (int j = 0; j < x.length; j++) {
      double x0 = (x[j] - s1a * eps[j]) / sa;
      out[j] = (float) (sap * x0 + s1ap * eps[j]);
    }
    return out;
  }
}
