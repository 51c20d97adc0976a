package io.hybridsr.inference.diffusion;

/**
 * Euler's method on the probability-flow ODE in sigma form (Karras et al. 2022, Algorithm 1 without
 * churn), as diffusers' {@code EulerDiscreteScheduler}.
 *
 * <p>The latent lives at scale sigma: the model sees {@code x / sqrt(sigma^2 + 1)}, the derivative
 * is the predicted noise, and one step moves x by {@code eps * (sigma_next - sigma)}. With
 * "leading" spacing the initial noise is scaled by {@code sqrt(sigma_max^2 + 1)}, as diffusers
 * does.
 */
public final class EulerDiscreteScheduler extends TabulatedScheduler {
  private final double initNoiseSigma;

  public EulerDiscreteScheduler(
      NoiseSchedule schedule, int steps, TimestepSpacing spacing, int stepsOffset) {
    super(schedule, spacing.timesteps(schedule.trainSteps(), steps, stepsOffset));
    double max = 0;
    for (int i = 0; i < steps; i++) {
      max = Math.max(max, sigma(i));
    }
    this.initNoiseSigma = spacing == TimestepSpacing.TRAILING ? max : Math.sqrt(max * max + 1);
  }

  @Override
  public double initNoiseSigma() {
    return initNoiseSigma;
  }

  @Override
  public float[] scaleModelInput(float[] x, int i) {
    float k = (float) (1 / Math.sqrt(sigma(i) * sigma(i) + 1));
    float[] out = new float[x.length];
    for (int j = 0; j < x.length; j++) {
      out[j] = x[j] * k;
    }
    return out;
  }

  @Override
  public float[] step(float[] eps, int i, float[] x) {
    float dt = (float) (sigma(i + 1) - sigma(i));
    float[] out = new float[x.length];
    for (int j = 0; j < x.length; j++) {
      // derivative (x - x0) / sigma with x0 = x - sigma * eps is exactly eps
      out[j] = x[j] + eps[j] * dt;
    }
    return out;
  }
}
