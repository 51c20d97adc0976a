package io.hybridsr.app.cli;

import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.sim.Simulation;
import io.hybridsr.core.sim.SimulationReport;
import io.hybridsr.core.sim.SimulationSettings;
import io.hybridsr.app.report.SimulationPlots;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import io.hybridsr.core.profile.ProfileException;
import io.hybridsr.core.sched.ExactScheduler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code ./hybridsr simulate --out DIR}: the paper's evaluation (section IV) on the latency,
 * quality and utility models, writing CSV files and the Fig. 7/8 plots.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Reproduces the paper's evaluation on the models: windows of K users from PartiPrompts at"
          + " 720p, 1080p, 1440p and 2K, lambda drawn per user; SA (ours), random, without-sr,"
          + " one-type and cogview3 on the same windows; SA against the exact optimum; the edge"
          + " capacity (Fig. 8a) and gamma (Fig. 8b) sweeps.",
      "Writes DIR/summary.csv, gap.csv, capacity.csv, gamma.csv and fig7a/fig7b/fig8a/fig8b.png;"
          + " prints a table."
    })
public final class SimulateCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created).")
  Path out;

  @Option(names = "--windows", defaultValue = "50", description = "Windows per resolution (default: ${DEFAULT-VALUE}).")
  int windows;

  @Option(names = "--users", defaultValue = "10", description = "Users K per window (default: ${DEFAULT-VALUE}, the paper's).")
  int users;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of workload and randomised methods (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--sweep-windows", defaultValue = "10", description = "Windows per resolution at each Fig. 8 sweep point (default: ${DEFAULT-VALUE}).")
  int sweepWindows;

  @Option(names = "--gap-windows", defaultValue = "-1", description = "Windows per resolution compared with the exact optimum (default: all --windows; 0 skips). Needs --users <= 16.")
  int gapWindows;

  @Option(names = "--profile", paramLabel = "FILE", description = "Profile JSON (default: the paper's testbed, profiles/paper-testbed.json).")
  Path profile;

  @Option(names = "--no-plots", description = "Skip the PNG plots.")
  boolean noPlots;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (windows < 1 || users < 1 || sweepWindows < 0) {
      throw new ParameterException(
          spec.commandLine(), "--windows and --users must be >= 1 and --sweep-windows >= 0");
    }
    Profile p;
    try {
      p = profile == null ? Profile.defaultProfile() : Profile.load(profile);
    } catch (ProfileException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    int gap = gapWindows < 0 ? windows : gapWindows;
    if (users > ExactScheduler.MAX_USERS && gap > 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--gap-windows needs --users <= " + ExactScheduler.MAX_USERS
              + " (exact search); pass --gap-windows 0");
    }
    SimulationSettings s =
        new SimulationSettings(
            windows, users, seed, sweepWindows, SimulationSettings.DEFAULT_RATIOS,
            SimulationSettings.DEFAULT_GAMMAS, gap);
    Simulation sim = new Simulation(p, s);
    long start = System.nanoTime();
    SimulationReport report;
    try (ProgressBar bar = Progress.bar("simulate", sim.totalTicks())) {
      report = sim.run(bar::step);
    }
    report.writeCsv(out);
    if (!noPlots) {
      SimulationPlots.write(report, out);
    }
    print(report, p, System.out, (System.nanoTime() - start) / 1e9);
    return 0;
  }

  static void print(SimulationReport r, Profile p, PrintStream o, double seconds) {
    o.printf(Locale.ROOT, "profile %s (%s)%n", p.name(), p.file());
    o.printf(Locale.ROOT, "%-11s %-6s %9s %10s %9s %6s %9s%n",
        "method", "res", "quality", "latency_s", "utility", "viol", "degraded");
    for (SimulationReport.SummaryRow row : r.summary()) {
      o.printf(Locale.ROOT, "%-11s %-6s %9.3f %10.2f %9.4f %6d %5d/%d%n", row.method(),
          row.resolution(), row.quality(), row.latencySeconds(), row.utility(), row.violations(),
          row.degradedWindows(), row.windows());
    }
    o.println();
    o.println("SA against each baseline (means over resolutions):");
    for (SimulationReport.Comparison c : r.comparisons()) {
      o.printf(Locale.ROOT, "  vs %-11s latency reduction %6.1f%%   utility gain %7.1f%% (%+.4f per user)%n",
          c.baseline(), 100 * c.latencyReduction(), 100 * c.utilityGain(), c.utilityDifference());
    }
    if (!r.gap().isEmpty()) {
      o.printf(Locale.ROOT, "SA vs exact over %d windows: mean gap %.4f%%, worst %.4f%%%n",
          r.gap().size(), 100 * r.meanGap(), 100 * r.worstGap());
    }
    o.printf(Locale.ROOT, "done in %.1f s%n", seconds);
  }
}
