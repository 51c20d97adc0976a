package io.hybridsr.inference.diffusion;

/**
 * A sampler whose inference timesteps, and the noise level sigma of each, are fixed when it is
 * made: the table and its accessors that Euler, DDIM and DPM-Solver++ share.
 *
 * <p>The samplers differ only in how they space the timesteps, scale the model input and step. The
 * defaults here are those of a variance-preserving latent (DDIM, DPM-Solver++): unit initial noise
 * and an unscaled model input; Euler, which keeps the latent at scale sigma, overrides both.
 */
abstract class TabulatedScheduler implements Scheduler {
  private final int[] timesteps;
  private final double[] sigmas; // one more than timesteps: 0 after the last step, the clean latent

  TabulatedScheduler(NoiseSchedule schedule, int[] timesteps) {
    this(schedule, timesteps, 0);
  }

  /** With {@code finalSigma} as the noise level after the last step (0: the clean latent). */
  TabulatedScheduler(NoiseSchedule schedule, int[] timesteps, double finalSigma) {
    this.timesteps = timesteps;
    this.sigmas = new double[timesteps.length + 1];
    for (int i = 0; i < timesteps.length; i++) {
      sigmas[i] = schedule.sigma(timesteps[i]);
    }
    sigmas[timesteps.length] = finalSigma;
  }

  @Override
  public final int steps() {
    return timesteps.length;
  }

  @Override
  public final int timestep(int i) {
    return timesteps[i];
  }

  @Override
  public final double sigma(int i) {
    return sigmas[i];
  }

  @Override
  public double initNoiseSigma() {
    return 1;
  }

  @Override
  public float[] scaleModelInput(float[] x, int i) {
    return x.clone();
  }
}
