package io.hybridsr.core.stage;

/**
 * One runner's time on one stage: {@code seconds = intercept + perUnit * units + perUnit2 *
 * units2}, fitted by {@code ./hybridsr calibrate} on the machine that runs it.
 *
 * <p>Two units because a stage's time follows two amounts of work: a UNet's cell-steps and its
 * VAE's pixels; an SR network's input pixels and the output it resamples and encodes.
 *
 * @param stage what it predicts
 * @param runner the runner's identity, e.g. {@code realesrgan-x4fast/fp32/cpu/1t} (see {@link
 *     RunnerSet})
 * @param interceptSeconds fixed cost per call (session run overhead)
 * @param secondsPerUnit marginal cost per unit of the stage's first unit ({@link Stage#units()})
 * @param secondsPerUnit2 marginal cost per unit of its second unit (0 where it has one)
 * @param source where the figures come from
 */
public record StageModel(
    Stage stage,
    String runner,
    double interceptSeconds,
    double secondsPerUnit,
    double secondsPerUnit2,
    String source) {
  public StageModel {
    for (double v : new double[] {interceptSeconds, secondsPerUnit, secondsPerUnit2}) {
      if (!(v >= 0) || !Double.isFinite(v)) {
        throw new IllegalArgumentException(
            stage
                + " model of "
                + runner
                + ": coefficients must be finite and >= 0, got "
                + interceptSeconds
                + ", "
                + secondsPerUnit
                + ", "
                + secondsPerUnit2);
      }
    }
  }

  /** Predicted seconds; no work, no time. */
  public double seconds(double units, double units2) {
    return units <= 0 && units2 <= 0
        ? 0
        : interceptSeconds + secondsPerUnit * units + secondsPerUnit2 * units2;
  }

  /**
   * Least squares through measured points, coefficients kept non-negative (a negative one is noise:
   * it is dropped and the rest refitted). Columns with no spread are not fitted.
   */
  public static StageModel fit(
      Stage stage,
      String runner,
      double[] units,
      double[] units2,
      double[] seconds,
      String source) {
    int n = seconds.length;
    if (n == 0 || units.length != n || units2.length != n) {
      throw new IllegalArgumentException("need one point or more, with both units per point");
    }
    boolean[] use = {true, spread(units), spread(units2)};
    for (int round = 0; round < 3; round++) {
      double[] c = solve(units, units2, seconds, use);
      int worst = -1;
      for (int j = 0; j < 3; j++) {
        if (use[j] && c[j] < 0 && (worst < 0 || c[j] < c[worst])) {
          worst = j;
        }
      }
      if (worst < 0) {
        return new StageModel(stage, runner, c[0], c[1], c[2], source);
      }
      use[worst] = false;
    }
    double mean = 0;
    for (double s : seconds) {
      mean += s / n;
    }
    return new StageModel(stage, runner, Math.max(0, mean), 0, 0, source);
  }

  private static boolean spread(double[] v) {
    double min = Double.MAX_VALUE;
    double max = -Double.MAX_VALUE;
    for (double x : v) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    return max > 0 && max - min > 1e-9 * max;
  }

  /** Normal equations over the used columns [1, units, units2]; unused coefficients are 0. */
  private static double[] solve(double[] u1, double[] u2, double[] y, boolean[] use) {
    int[] cols = java.util.stream.IntStream.range(0, 3).filter(j -> use[j]).toArray();
    int k = cols.length;
    double[][] a = new double[k][k + 1];
    for (int i = 0; i < y.length; i++) {
      double[] x = {1, u1[i], u2[i]};
      for (int r = 0; r < k; r++) {
        for (int c = 0; c < k; c++) {
          a[r][c] += x[cols[r]] * x[cols[c]];
        }
        a[r][k] += x[cols[r]] * y[i];
      }
    }
    for (int p = 0; p < k; p++) {
      int best = p;
      for (int r = p + 1; r < k; r++) {
        if (Math.abs(a[r][p]) > Math.abs(a[best][p])) {
          best = r;
        }
      }
      double[] t = a[p];
      a[p] = a[best];
      a[best] = t;
      if (Math.abs(a[p][p]) < 1e-300) {
        continue;
      }
      for (int r = 0; r < k; r++) {
        if (r != p) {
          double f = a[r][p] / a[p][p];
          for (int c = p; c <= k; c++) {
            a[r][c] -= f * a[p][c];
          }
        }
      }
    }
    double[] out = new double[3];
    for (int r = 0; r < k; r++) {
      out[cols[r]] = Math.abs(a[r][r]) < 1e-300 ? 0 : a[r][k] / a[r][r];
    }
    return out;
  }
}
