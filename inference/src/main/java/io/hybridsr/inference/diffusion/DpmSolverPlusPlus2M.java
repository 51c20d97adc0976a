package io.hybridsr.inference.diffusion;

/**
 * DPM-Solver++(2M) (Lu et al. 2022, "DPM-Solver++", Algorithm 2), as diffusers 0.25's {@code
 * DPMSolverMultistepScheduler} with its class defaults ({@code algorithm_type="dpmsolver++"},
 * {@code solver_order=2}, {@code solver_type="midpoint"}, {@code lower_order_final=True}) made
 * {@code from_config} of SDXL's scheduler config.
 *
 * <p>Works on the data prediction x0 in half-log-SNR time lambda = log(alpha_t / sigma_t): the
 * first step is first order (DDIM-like), the others use the previous x0 as a second-order
 * correction, and with fewer than 15 steps the last is first order again. As in diffusers 0.25 the
 * last step goes to sigma(t = 0) = 0.0292, not to 0 (diffusers >= 0.26 default to {@code
 * final_sigmas_type="zero"}); checked against diffusers 0.25.1 in {@code SdxlReferenceTest}. The
 * latent is kept in variance-preserving form, so the model input is not rescaled and the initial
 * noise has unit scale. Timesteps are spaced as diffusers spaces them for this solver ("leading":
 * {@code ratio = T / (steps + 1)}).
 */
public final class DpmSolverPlusPlus2M extends TabulatedScheduler {
  private float[] previousX0;

  public DpmSolverPlusPlus2M(NoiseSchedule schedule, int steps, int stepsOffset) {
    super(schedule, timesteps(schedule.trainSteps(), steps, stepsOffset), schedule.sigma(0));
  }

  /** "leading" with {@code ratio = T / (steps + 1)}, so the first timestep is below T. */
  private static int[] timesteps(int train, int steps, int stepsOffset) {
    if (steps < 1 || steps >= train) {
      throw new IllegalArgumentException("steps must be in 1.." + (train - 1) + ", got " + steps);
    }
    int ratio = train / (steps + 1);
    int[] t = new int[steps];
    for (int i = 0; i < steps; i++) {
      t[i] = (steps - i) * ratio + stepsOffset;
    }
    return t;
  }

  private static double alpha(double sigma) {
    return 1 / Math.sqrt(sigma * sigma + 1);
  }

  private static double lambda(double sigma) {
    return -Math.log(sigma); // log(alpha_t / sigma_t) with sigma_t = sigma * alpha_t
  }

  @Override
  public float[] step(float[] eps, int i, float[] x) {
    double s = sigma(i);
    double a = alpha(s);
    double st = s * a;
    float[] x0 = new float[x.length];
    for (int j = 0; j < x.length; j++) {
      x0[j] = (float) ((x[j] - st * eps[j]) / a);
    }
    float[] out = new float[x.length];
    double next = sigma(i + 1);
    if (next == 0) {
      // A step to sigma 0 is first order and lands exactly on the data prediction.
      System.arraycopy(x0, 0, out, 0, x0.length);
      previousX0 = x0;
      return out;
    }
    double aT = alpha(next);
    double sT = next * aT;
    double h = lambda(next) - lambda(s);
    double expm = Math.expm1(-h); // exp(-h) - 1
    double ratio = sT / st;
    boolean lowerOrderFinal = i == steps() - 1 && steps() < 15;
    if (i == 0 || previousX0 == null || lowerOrderFinal) {
      for (int j = 0; j < x.length; j++) {
        out[j] = (float) (ratio * x[j] - aT * expm * x0[j]);
      }
    } else {
      double hPrev = lambda(s) - lambda(sigma(i - 1));
      double r = hPrev / h;
      for (int j = 0; j < x.length; j++) {
        double d0 = x0[j];
        double d1 = (x0[j] - previousX0[j]) / r;
        out[j] = (float) (ratio * x[j] - aT * expm * d0 - 0.5 * aT * expm * d1);
      }
    }
    previousX0 = x0;
    return out;
  }
}
