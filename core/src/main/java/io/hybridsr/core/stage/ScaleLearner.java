package io.hybridsr.core.stage;

import java.util.Arrays;

/**
 * Learns how far one runner's measured times are from its calibrated model: the median of the last
 * {@link #WINDOW} ratios measured / calibrated.
 *
 * <p>Why a windowed median of ratios: the calibrated model gives the shape (fixed cost and cost per
 * unit on this runner), what drifts in service is the level (a device gets slower, a machine gets
 * busy). One outlier (a GC pause, a cold cache) moves a median by at most one rank, and after a
 * real change half a window of new measurements is enough to follow it. Sooner when the change is
 * plain: {@link #SHIFT_RUN} measurements in a row beyond everything else in the window, on the same
 * side and at least {@link #SHIFT_FACTOR} from its median, are a new level, and the older ones are
 * forgotten (a link that became 4x slower is followed after 3 of its tasks, not 5; a noisy runner
 * whose window already spans its noise rarely trips it). The state is a fixed array: bounded, and
 * plain fields so Flink checkpoints it as a POJO.
 */
public final class ScaleLearner implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Measurements remembered: a change is followed after WINDOW / 2 + 1 of them. */
  public static final int WINDOW = 9;

  /** Measurements in a row that, beyond the rest of the window, make a new level at once. */
  public static final int SHIFT_RUN = 3;

  /** How far from the window's median those must all be (as a factor) to count as a shift. */
  public static final double SHIFT_FACTOR = 1.5;

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
    forgetOlderOnAShift();
  }

  /** When the last {@link #SHIFT_RUN} ratios are a new level, the older ones take its value. */
  private void forgetOlderOnAShift() {
    int n = (int) Math.min(count, WINDOW);
    int older = n - SHIFT_RUN;
    if (older < SHIFT_RUN) {
      return; // too few to tell a shift from the start
    }
    double[] recent = new double[SHIFT_RUN];
    double[] rest = new double[older];
    for (int i = 0; i < n; i++) {
      double v = logRatios[(int) ((count - 1 - i) % WINDOW)];
      if (i < SHIFT_RUN) {
        recent[i] = v;
      } else {
        rest[i - SHIFT_RUN] = v;
      }
    }
    Arrays.sort(recent);
    Arrays.sort(rest);
    double median = median(rest);
    double margin = Math.log(SHIFT_FACTOR);
    boolean up = recent[0] > rest[older - 1] && recent[0] > median + margin;
    boolean down = recent[SHIFT_RUN - 1] < rest[0] && recent[SHIFT_RUN - 1] < median - margin;
    if (up || down) {
      double level = median(recent);
      for (int i = SHIFT_RUN; i < n; i++) {
        logRatios[(int) ((count - 1 - i) % WINDOW)] = level;
      }
    }
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** The factor to multiply the calibrated time by: 1 before any measurement. */
  public double scale() {
    int n = (int) Math.min(count, WINDOW);
    if (n == 0) {
      return 1;
    }
    double[] v = Arrays.copyOf(logRatios, n);
    Arrays.sort(v);
    return Math.exp(median(v));
  }

  /** Measurements seen. */
  public long samples() {
    return count;
  }
}
