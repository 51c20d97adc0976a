package io.hybridsr.inference.diffusion;

import java.util.Random;
import java.util.TreeSet;

/**
 * Respaced DDPM ancestral sampling, as StableSR's reference scripts run it ({@code
 * scripts/sr_val_ddpm_text_T_vqganfin_oldcanvas_tile.py} with {@code
 * LatentDiffusionSRTextWT.p_sample_loop_canvas}): keep {@code space_timesteps(1000, [steps])} of
 * the 1000 training timesteps (always including 0 and 999), give the kept steps the betas that
 * reproduce the training {@code alphas_cumprod} at them, and step down from the last with the
 * posterior q(x_{k-1} | x_k, x0) mean plus {@code exp(0.5 * log variance)} times fresh Gaussian
 * noise (no noise at the last step). The model sees the original timestep ({@code time_replace});
 * its output is noise (epsilon) or, for the 768v checkpoint, v.
 *
 * <p>The sampler starts from {@link #qSample}: the low-resolution latent noised to t = 999 with the
 * training schedule, not from pure noise.
 *
 * <pre>{@code
 * RespacedDdpm d = new RespacedDdpm(NoiseSchedule.stableDiffusion(), 200);
 * float[] x = d.qSample(lrLatent, gaussian(rng), 999);
 * for (int i = 0; i < d.steps(); i++) x = d.step(i, model(x, d.timestep(i)), x, rng, Prediction.EPSILON);
 * }</pre>
 */
public final class RespacedDdpm {
  /** What the model predicts. */
  public enum Prediction {
    /** The noise (StableSR 512, Turbo). */
    EPSILON,
    /** v = sqrt(abar) eps - sqrt(1 - abar) x0 (StableSR 768v). */
    V
  }

  private final NoiseSchedule schedule;
  private final int[] kept; // ascending original timesteps; respaced index k -> kept[k]
  private final double[] alphaBar;
  private final double[] alphaBarPrev;
  private final double[] beta;
  private final double[] posteriorVariance;
  private final double[] posteriorLogVarianceClipped;
  private final double[] coef1;
  private final double[] coef2;

  public RespacedDdpm(NoiseSchedule schedule, int steps) {
    this.schedule = schedule;
    this.kept = spaceTimesteps(schedule.trainSteps(), steps);
    int n = kept.length;
    alphaBar = new double[n];
    alphaBarPrev = new double[n];
    beta = new double[n];
    posteriorVariance = new double[n];
    posteriorLogVarianceClipped = new double[n];
    coef1 = new double[n];
    coef2 = new double[n];
    double last = 1;
    for (int k = 0; k < n; k++) {
      double ab = schedule.alphaCumprod(kept[k]);
      beta[k] = 1 - ab / last; // new_betas.append(1 - alpha_cumprod / last_alpha_cumprod)
      last = ab;
    }
    double prod = 1;
    for (int k = 0; k < n; k++) {
      double alpha = 1 - beta[k];
      alphaBarPrev[k] = prod;
      prod *= alpha;
      alphaBar[k] = prod;
      // register_schedule's posterior (v_posterior = 0)
      posteriorVariance[k] = beta[k] * (1 - alphaBarPrev[k]) / (1 - alphaBar[k]);
      posteriorLogVarianceClipped[k] = Math.log(Math.max(posteriorVariance[k], 1e-20));
      coef1[k] = beta[k] * Math.sqrt(alphaBarPrev[k]) / (1 - alphaBar[k]);
      coef2[k] = (1 - alphaBarPrev[k]) * Math.sqrt(alpha) / (1 - alphaBar[k]);
    }
  }

  /**
   * The reference's {@code space_timesteps(num, [count])} (guided diffusion's respacing, one
   * section): {@code count} timesteps at a fractional stride {@code (num - 1) / (count - 1)},
   * rounded half to even as Python's {@code round}; ascending, 0 and num - 1 included.
   */
  public static int[] spaceTimesteps(int num, int count) {
    if (count < 1 || count > num) {
      throw new IllegalArgumentException("cannot divide " + num + " steps into " + count);
    }
    double stride = count <= 1 ? 1 : (num - 1) / (double) (count - 1);
    TreeSet<Integer> s = new TreeSet<>();
    double cur = 0;
    for (int i = 0; i < count; i++) {
      s.add((int) Math.rint(cur));
      cur += stride;
    }
    return s.stream().mapToInt(Integer::intValue).toArray();
  }

  public int steps() {
    return kept.length;
  }

  private int index(int i) {
    return kept.length - 1 - i;
  }

  /** The original timestep the model is given at loop step {@code i} (999 first, 0 last). */
  public int timestep(int i) {
    return kept[index(i)];
  }

  /** The respaced tables at respaced index {@code k} (0 = the last step), for tests. */
  public double beta(int k) {
    return beta[k];
  }

  public double alphaBar(int k) {
    return alphaBar[k];
  }

  public double posteriorVariance(int k) {
    return posteriorVariance[k];
  }

  public double posteriorLogVarianceClipped(int k) {
    return posteriorLogVarianceClipped[k];
  }

  public double posteriorMeanCoef1(int k) {
    return coef1[k];
  }

  public double posteriorMeanCoef2(int k) {
    return coef2[k];
  }

  /**
   * {@code q_sample} with the training schedule: {@code sqrt(abar_t) x0 + sqrt(1 - abar_t) noise}
   * (the reference's {@code q_sample_respace} at t = 999 makes x_T from the LR latent).
   */
  public float[] qSample(float[] x0, float[] noise, int t) {
    double a = Math.sqrt(schedule.alphaCumprod(t));
    double b = Math.sqrt(1 - schedule.alphaCumprod(t));
    float[] out = new float[x0.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = (float) (a * x0[j] + b * noise[j]);
    }
    return out;
  }

  /** The model's estimate of x0 at loop step {@code i} from its output. */
  public float[] predictX0(int i, float[] modelOut, float[] x, Prediction p) {
    int k = index(i);
    double ab = alphaBar[k];
    float[] x0 = new float[x.length];
    if (p == Prediction.EPSILON) {
      double r = Math.sqrt(1 / ab);
      double rm1 = Math.sqrt(1 / ab - 1);
      for (int j = 0; j < x.length; j++) {
        x0[j] = (float) (r * x[j] - rm1 * modelOut[j]); // predict_start_from_noise
      }
    } else {
      double a = Math.sqrt(ab);
      double b = Math.sqrt(1 - ab);
      for (int j = 0; j < x.length; j++) {
        x0[j] = (float) (a * x[j] - b * modelOut[j]); // predict_start_from_z_and_v
      }
    }
    return x0;
  }

  /**
   * One ancestral step at loop step {@code i}: posterior mean from the predicted x0 (not clipped:
   * the SR model's {@code clip_denoised} is False), plus noise from {@code rng} unless it is the
   * last.
   */
  public float[] step(int i, float[] modelOut, float[] x, Random rng, Prediction p) {
    int k = index(i);
    float[] x0 = predictX0(i, modelOut, x, p);
    double std = k == 0 ? 0 : Math.exp(0.5 * posteriorLogVarianceClipped[k]);
    float[] out = new float[x.length];
    for (int j = 0; j < x.length; j++) {
      double mean = coef1[k] * x0[j] + coef2[k] * x[j];
      out[j] = (float) (k == 0 ? mean : mean + std * rng.nextGaussian());
    }
    return out;
  }
}
