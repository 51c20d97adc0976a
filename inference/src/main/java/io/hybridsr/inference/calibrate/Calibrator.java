package io.hybridsr.inference.calibrate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times every probe of the given targets: one warm-up call (sessions allocate on first run), then
 * {@code repeats} calls, reporting the median and best.
 *
 * <pre>{@code
 * List<CalibrationResult> rows = new Calibrator(3).run(List.of(sdxl, stableSr), (i, n, p) -> {});
 * }</pre>
 */
public final class Calibrator {
  /** Told before each probe runs (for a progress bar). */
  public interface Listener {
    void starting(int index, int total, CalibrationProbe probe);
  }

  private final int repeats;

  public Calibrator(int repeats) {
    if (repeats < 1) {
      throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
    }
    this.repeats = repeats;
  }

  public List<CalibrationResult> run(List<? extends CalibrationTarget> targets, Listener listener)
      throws Exception {
    List<CalibrationProbe> probes = new ArrayList<>();
    List<Boolean> standIn = new ArrayList<>();
    for (CalibrationTarget t : targets) {
      for (CalibrationProbe p : t.probes()) {
        probes.add(p);
        standIn.add(t.standIn());
      }
    }
    List<CalibrationResult> out = new ArrayList<>();
    for (int i = 0; i < probes.size(); i++) {
      CalibrationProbe p = probes.get(i);
      listener.starting(i, probes.size(), p);
      p.action().run();
      double[] ms = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        p.action().run();
        ms[r] = (System.nanoTime() - t0) / 1e6;
      }
      Arrays.sort(ms);
      double median =
          repeats % 2 == 1 ? ms[repeats / 2] : (ms[repeats / 2 - 1] + ms[repeats / 2]) / 2;
      out.add(new CalibrationResult(p, standIn.get(i), median, ms[0], repeats));
    }
    return out;
  }
}
