package io.hybridsr.core.stage;

/**
 * One runner's time on one stage: {@code seconds = intercept + perUnit * units}, fitted by
 * {@code ./hybridsr calibrate} on the machine that runs it.
 *
 * @param stage what it predicts
 * @param runner the runner's identity, e.g. {@code realesrgan-x4fast/fp32/cpu/1t} (see {@link
 *     RunnerSet})
 * @param interceptSeconds fixed cost per call (session run overhead, encoding)
 * @param secondsPerUnit marginal cost per unit of {@link Stage#units()}
 * @param source where the figures come from
 */
public record StageModel(
    Stage stage, String runner, double interceptSeconds, double secondsPerUnit, String source) {
  public StageModel {
    if (!(interceptSeconds >= 0) || !(secondsPerUnit >= 0)
        || !Double.isFinite(interceptSeconds) || !Double.isFinite(secondsPerUnit)) {
      throw new IllegalArgumentException(stage + " model of " + runner
          + ": intercept and per-unit seconds must be finite and >= 0, got "
          + interceptSeconds + ", " + secondsPerUnit);
    }
  }

  /** Predicted seconds for {@code units} of work; no work, no time. */
  public double seconds(double units) {
    return units <= 0 ? 0 : interceptSeconds + secondsPerUnit * units;
  }

  /**
   * Least-squares line through measured points (units, seconds), clamped to non-negative
   * coefficients: with one distinct x it is a line through the origin.
   */
  public static StageModel fit(Stage stage, String runner, double[] units, double[] seconds,
      String source) {
    int n = units.length;
    if (n == 0 || n != seconds.length) {
      throw new IllegalArgumentException("need as many seconds as units, at least one");
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += units[i];
      my += seconds[i];
    }
    mx /= n;
    my /= n;
    double sxx = 0;
    double sxy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (units[i] - mx) * (units[i] - mx);
      sxy += (units[i] - mx) * (seconds[i] - my);
    }
    double b = sxx > 1e-12 * Math.max(1, mx * mx) ? sxy / sxx : my / Math.max(mx, 1e-12);
    double a = my - b * mx;
    if (b < 0) {
      b = 0;
      a = my;
    }
    if (a < 0) {
      // A negative fixed cost is an artefact of noise: refit through the origin.
      double sx2 = 0;
      double sxy0 = 0;
      for (int i = 0; i < n; i++) {
        sx2 += units[i] * units[i];
        sxy0 += units[i] * seconds[i];
      }
      a = 0;
      b = sx2 > 0 ? sxy0 / sx2 : 0;
    }
    return new StageModel(stage, runner, a, b, source);
  }
}
