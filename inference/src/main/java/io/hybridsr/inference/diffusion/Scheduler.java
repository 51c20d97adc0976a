package io.hybridsr.inference.diffusion;

/**
 * One sampling run of a diffusion sampler: its timesteps, how to scale the model input, and the
 * update from the model's noise prediction to the next latent.
 *
 * <p>Instances hold per-run state (multistep solvers remember earlier predictions), so a pipeline
 * makes a fresh one per generation with {@link SchedulerKind#create}. Models are assumed to predict
 * noise (epsilon), as SDXL base and StableSR do.
 *
 * <pre>{@code
 * Scheduler s = SchedulerKind.EULER.create(NoiseSchedule.stableDiffusion(), 30);
 * x = scale(noise, s.initNoiseSigma());
 * for (int i = 0; i < s.steps(); i++) {
 *   float[] eps = unet(s.scaleModelInput(x, i), s.timestep(i));
 *   x = s.step(eps, i, x);
 * }
 * }</pre>
 */
public interface Scheduler {
  int steps();

  /** The training timestep given to the model at step {@code i}. */
  int timestep(int i);

  /** The noise level sigma at step {@code i} (sigma of the input latent), 0 after the last. */
  double sigma(int i);

  /** Factor by which unit Gaussian noise is multiplied to make the initial latent. */
  double initNoiseSigma();

  /** The latent as the model expects it at step {@code i} (a new array). */
  float[] scaleModelInput(float[] x, int i);

  /** The latent after step {@code i}, given the model's noise prediction (a new array). */
  float[] step(float[] eps, int i, float[] x);
}
