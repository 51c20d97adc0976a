package io.hybridsr.core.sim;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results of a simulation, and their CSV form.
 *
 * @param summary one row per method and resolution (Fig. 7)
 * @param gap SA against the exact optimum, one row per window
 * @param capacity mean utility per method and edge capacity ratio (Fig. 8a)
 * @param gamma SA's quality, latency and utility per allocation ratio (Fig. 8b)
 * @param fig6 one row per method at 1024x1024 ({@link Simulation#FIG6}) and for each window's most
 *     quality-minded user ({@link Simulation#FIG6_QUALITY_FIRST}), the paper's Fig. 6
 */
public record SimulationReport(
    List<SummaryRow> summary,
    List<GapRow> gap,
    List<CapacityRow> capacity,
    List<GammaRow> gamma,
    List<SummaryRow> fig6) {

  /** A report without Fig. 6 rows. */
  public SimulationReport(
      List<SummaryRow> summary,
      List<GapRow> gap,
      List<CapacityRow> capacity,
      List<GammaRow> gamma) {
    this(summary, gap, capacity, gamma, List.of());
  }

  /**
   * Means over all users of one method at one resolution.
   *
   * @param violations users over L0 plus budgets exceeded, summed over windows
   * @param degradedWindows windows answered with the degraded choice
   */
  public record SummaryRow(
      String method,
      String resolution,
      double quality,
      double latencySeconds,
      double utility,
      int violations,
      int windows,
      int degradedWindows) {}

  /** SA against the exact optimum on one window; gap = (exact - sa) / |exact|. */
  public record GapRow(
      int window, String resolution, double saUtility, double exactUtility, double gap) {}

  /** Mean per-user utility of a method at an edge capacity ratio (all resolutions). */
  public record CapacityRow(String method, double ratio, double utility, int violations) {}

  /** SA's means at an allocation ratio gamma (all resolutions). */
  public record GammaRow(double gamma, double quality, double latencySeconds, double utility) {}

  /** How SA compares with one baseline over all resolutions. */
  public record Comparison(
      String baseline, double latencyReduction, double utilityGain, double utilityDifference) {}

  public SimulationReport {
    summary = List.copyOf(summary);
    gap = List.copyOf(gap);
    capacity = List.copyOf(capacity);
    gamma = List.copyOf(gamma);
    fig6 = List.copyOf(fig6);
  }

  /**
   * The Fig. 6 row of a method ({@code label} is {@link Simulation#FIG6} or its quality-first
   * variant).
   */
  public SummaryRow fig6Row(String method, String label) {
    for (SummaryRow r : fig6) {
      if (r.method().equals(method) && r.resolution().equals(label)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no Fig. 6 row for " + method + " at " + label);
  }

  /** Methods in report order. */
  public List<String> methods() {
    List<String> out = new ArrayList<>();
    for (SummaryRow r : summary) {
      if (!out.contains(r.method())) {
        out.add(r.method());
      }
    }
    return out;
  }

  /** Resolutions in report order. */
  public List<String> resolutions() {
    List<String> out = new ArrayList<>();
    for (SummaryRow r : summary) {
      if (!out.contains(r.resolution())) {
        out.add(r.resolution());
      }
    }
    return out;
  }

  /** The summary row of a method at a resolution. */
  public SummaryRow row(String method, String resolution) {
    for (SummaryRow r : summary) {
      if (r.method().equals(method) && r.resolution().equals(resolution)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no row for " + method + " at " + resolution);
  }

  /**
   * SA against each baseline, averaged over resolutions with equal weight: latency reduction 1 -
   * T_sa / T_b and utility gain (U_sa - U_b) / |U_b|.
   */
  public List<Comparison> comparisons() {
    List<Comparison> out = new ArrayList<>();
    double saT = meanOver(Methods.OURS, true);
    double saU = meanOver(Methods.OURS, false);
    for (String m : methods()) {
      if (m.equals(Methods.OURS)) {
        continue;
      }
      double t = meanOver(m, true);
      double u = meanOver(m, false);
      out.add(new Comparison(m, 1 - saT / t, (saU - u) / Math.abs(u), saU - u));
    }
    return out;
  }

  /** Mean latency (or utility) of a method across resolutions. */
  public double meanOver(String method, boolean latency) {
    double s = 0;
    int n = 0;
    for (SummaryRow r : summary) {
      if (r.method().equals(method)) {
        s += latency ? r.latencySeconds() : r.utility();
        n++;
      }
    }
    return s / n;
  }

  /** Mean gap over the windows compared. */
  public double meanGap() {
    return gap.stream().mapToDouble(GapRow::gap).average().orElse(0);
  }

  /** Worst gap over the windows compared. */
  public double worstGap() {
    return gap.stream().mapToDouble(GapRow::gap).max().orElse(0);
  }

  /**
   * Writes summary.csv, fig6.csv (when there are Fig. 6 rows), gap.csv, capacity.csv and gamma.csv
   * into {@code dir}.
   */
  public void writeCsv(Path dir) throws IOException {
    Files.createDirectories(dir);
    try (Writer w = Files.newBufferedWriter(dir.resolve("summary.csv"), StandardCharsets.UTF_8)) {
      w.write("method,resolution,quality,latency_s,utility,violations,windows,degraded_windows\n");
      for (SummaryRow r : summary) {
        w.write(
            String.format(
                Locale.ROOT,
                "%s,%s,%.4f,%.4f,%.5f,%d,%d,%d%n",
                r.method(),
                r.resolution(),
                r.quality(),
                r.latencySeconds(),
                r.utility(),
                r.violations(),
                r.windows(),
                r.degradedWindows()));
      }
    }
    if (!fig6.isEmpty()) {
      try (Writer w = Files.newBufferedWriter(dir.resolve("fig6.csv"), StandardCharsets.UTF_8)) {
        w.write("method,target,quality,latency_s,utility,violations,windows,degraded_windows\n");
        for (SummaryRow r : fig6) {
          w.write(
              String.format(
                  Locale.ROOT,
                  "%s,%s,%.4f,%.4f,%.5f,%d,%d,%d%n",
                  r.method(),
                  r.resolution(),
                  r.quality(),
                  r.latencySeconds(),
                  r.utility(),
                  r.violations(),
                  r.windows(),
                  r.degradedWindows()));
        }
      }
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("gap.csv"), StandardCharsets.UTF_8)) {
      w.write("window,sa_utility,exact_utility,gap,resolution\n");
      for (GapRow r : gap) {
        w.write(
            String.format(
                Locale.ROOT,
                "%d,%.6f,%.6f,%.6g,%s%n",
                r.window(),
                r.saUtility(),
                r.exactUtility(),
                r.gap(),
                r.resolution()));
      }
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("capacity.csv"), StandardCharsets.UTF_8)) {
      w.write("method,edge_capacity_ratio,utility,violations\n");
      for (CapacityRow r : capacity) {
        w.write(
            String.format(
                Locale.ROOT,
                "%s,%.2f,%.5f,%d%n",
                r.method(),
                r.ratio(),
                r.utility(),
                r.violations()));
      }
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("gamma.csv"), StandardCharsets.UTF_8)) {
      w.write("gamma,quality,latency_s,utility\n");
      for (GammaRow r : gamma) {
        w.write(
            String.format(
                Locale.ROOT,
                "%.4f,%.4f,%.4f,%.5f%n",
                r.gamma(),
                r.quality(),
                r.latencySeconds(),
                r.utility()));
      }
    }
  }
}
