package io.hybridsr.core.stage;

import java.util.Arrays;

/**
 * Learns how far one runner's measured times are from its calibrated model: the median of the last
 * {@link #WINDOW} ratios measured / calibrated.
 *
 * <p>Why a windowed median of ratios: the calibrated model gives the shape (fixed cost and cost per
 * unit on this runner), what drifts in service is the level (a device gets slower, a machine gets
 * busy). One outlier (a GC pause, a cold cache) moves a median by at most one rank, and after a
 * real change half a window of new measurements is enough to follow it. The state is a fixed array:
 * bounded, and plain fields so Flink checkpoints it as a POJO.
 */
public final class ScaleLearner implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Measurements remembered: a change is followed after WINDOW / 2 + 1 of them. */
  public static final int WINDOW = 9;

  /** Ratios outside [1/LIMIT, LIMIT] are clamped: a broken clock must not wreck the model. */
  public static final double LIMIT = 50;

  /** Ring buffer of log ratios (public for Flink's POJO serializer). */
  public double[] logRatios = new double[WINDOW];

  /** How many were ever added (the ring position is count % WINDOW). */
  public long count;

  /** When the last one was added, ms since the epoch (to evict idle entries). */
  public long lastUpdateMs;

  public ScaleLearner() {}

  /**
   * Adds one measurement of {@code measuredSeconds} where the model predicted {@code modelSeconds}.
   */
  public void add(double measuredSeconds, double modelSeconds, long nowMs) {
    if (!(measuredSeconds > 0)
        || !(modelSeconds > 0)
        || !Double.isFinite(measuredSeconds)
        || !Double.isFinite(modelSeconds)) {
      return;
    }
    double r = Math.log(measuredSeconds / modelSeconds);
    double lim = Math.log(LIMIT);
    logRatios[(int) (count % WINDOW)] = Math.max(-lim, Math.min(lim, r));
    count++;
    lastUpdateMs = nowMs;
  }

  /** The factor to multiply the calibrated time by: 1 before any measurement. */
  public double scale() {
    int n = (int) Math.min(count, WINDOW);
    if (n == 0) {
      return 1;
    }
    double[] v = Arrays.copyOf(logRatios, n);
    Arrays.sort(v);
    double m = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return Math.exp(m);
  }

  /** Measurements seen. */
  public long samples() {
    return count;
  }
}
