package io.hybridsr.inference.diffusion;

/**
 * Deterministic DDIM sampling (Song et al. 2021, eta = 0), as diffusers' {@code DDIMScheduler}
 * with {@code set_alpha_to_one = false}.
 *
 * <p>StableSR samples with few respaced steps; DDIM is the standard few-step sampler for its
 * epsilon-predicting UNet. The latent is variance-preserving: no input scaling, unit noise.
 */
public final class DdimScheduler implements Scheduler {
  private final NoiseSchedule schedule;
  private final int[] timesteps;
  private final int ratio;

  public DdimScheduler(NoiseSchedule schedule, int steps, TimestepSpacing spacing, int stepsOffset) {
    this.schedule = schedule;
    this.timesteps = spacing.timesteps(schedule.trainSteps(), steps, stepsOffset);
    this.ratio = schedule.trainSteps() / steps;
  }

  @Override
  public int steps() {
    return timesteps.length;
  }

  @Override
  public int timestep(int i) {
    return timesteps[i];
  }

  @Override
  public double sigma(int i) {
    return i < timesteps.length ? schedule.sigma(timesteps[i]) : 0;
  }

  @Override
  public double initNoiseSigma() {
    return 1;
  }

  @Override
  public float[] scaleModelInput(float[] x, int i) {
    return x.clone();
  }

  @Override
  public float[] step(float[] eps, int i, float[] x) {
    int t = timesteps[i];
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
