package io.hybridsr.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridsr.app.report.SimulationPlots;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileException;
import io.hybridsr.core.sched.ExactScheduler;
import io.hybridsr.core.sim.ClaimsTable;
import io.hybridsr.core.sim.PaperClaims;
import io.hybridsr.core.sim.PaperFit;
import io.hybridsr.core.sim.ProfileTree;
import io.hybridsr.core.sim.Simulation;
import io.hybridsr.core.sim.SimulationReport;
import io.hybridsr.core.sim.SimulationSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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
      "Writes DIR/summary.csv, fig6.csv, gap.csv, capacity.csv, gamma.csv, claims.csv and"
          + " fig7a/fig7b/fig8a/fig8b/claims.png; prints a table and every claim of the paper"
          + " (sections II and IV) beside ours.",
      "With --fit-paper it first fits the constants the paper leaves out to its Fig. 6/7 claims"
          + " (DIR/fitted-profile.json, fit-residuals.csv, fit-trace.txt), then simulates with the"
          + " fitted profile."
    })
public final class SimulateCommand implements Callable<Integer> {

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Output folder (created).")
  Path out;

  @Option(
      names = "--windows",
      defaultValue = "50",
      description = "Windows per resolution (default: ${DEFAULT-VALUE}).")
  int windows;

  @Option(
      names = "--users",
      defaultValue = "10",
      description = "Users K per window (default: ${DEFAULT-VALUE}, the paper's).")
  int users;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of workload and randomised methods (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--sweep-windows",
      defaultValue = "10",
      description =
          "Windows per resolution at each Fig. 8 sweep point (default: ${DEFAULT-VALUE}).")
  int sweepWindows;

  @Option(
      names = "--gap-windows",
      defaultValue = "-1",
      description =
          "Windows per resolution compared with the exact optimum (default: all --windows; 0 skips). Needs --users <= 16.")
  int gapWindows;

  @Option(
      names = "--profile",
      paramLabel = "FILE",
      description = "Profile JSON (default: the paper's testbed, profiles/paper-testbed.json).")
  Path profile;

  @Option(names = "--no-plots", description = "Skip the PNG plots.")
  boolean noPlots;

  @Option(
      names = "--fit-paper",
      description =
          "Fit the constants the paper leaves out (quality curve, utility scaling, L0, Cmax, lambda range, CogView3's cost) to its section IV-B claims, write DIR/fitted-profile.json and the residuals, then simulate with it (a few minutes).")
  boolean fitPaper;

  @Option(
      names = "--fit-windows",
      defaultValue = "6",
      description =
          "Windows per resolution in each of the fit's simulations (default: ${DEFAULT-VALUE}).")
  int fitWindows;

  @Option(
      names = "--fit-samples",
      defaultValue = "300",
      description =
          "Random points of the fit before its pattern searches (default: ${DEFAULT-VALUE}).")
  int fitSamples;

  @Option(
      names = "--fit-rounds",
      defaultValue = "30",
      description = "Pattern-search sweeps per start (default: ${DEFAULT-VALUE}).")
  int fitRounds;

  @Option(
      names = "--fit-starts",
      defaultValue = "3",
      description = "Pattern searches from the best random points (default: ${DEFAULT-VALUE}).")
  int fitStarts;

  @Option(
      names = "--fit-ordering-weight",
      defaultValue = "1",
      description =
          "Multiplies each ordering's squared residual in the fit's objective (default:"
              + " ${DEFAULT-VALUE}, as documented). Above 1 the fit trades the figures for the"
              + " orderings (docs/models.md: with 10 no point found makes fig6.task2 or"
              + " onetype-improves hold).")
  double fitOrderingWeight;

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
    if (fitPaper) {
      if (fitWindows < 1
          || fitSamples < 0
          || fitRounds < 0
          || fitStarts < 0
          || !(fitOrderingWeight > 0)) {
        throw new ParameterException(
            spec.commandLine(),
            "--fit-windows must be >= 1; --fit-samples, --fit-rounds, --fit-starts >= 0;"
                + " --fit-ordering-weight > 0");
      }
      ObjectNode base = ProfileTree.read(profile);
      PaperFit fit =
          new PaperFit(
              base,
              PaperFit.fitSettings(fitWindows, seed),
              PaperFit.PARAMETERS,
              fitSamples,
              fitRounds,
              fitStarts,
              seed,
              fitOrderingWeight);
      long t0 = System.nanoTime();
      System.out.println(
          "fitting "
              + PaperFit.PARAMETERS.size()
              + " constants to the paper's section IV-B claims...");
      PaperFit.Result r = fit.run(line -> System.out.println("  " + line));
      PaperFit.write(r, out, "fitted-profile.json");
      System.out.printf(
          Locale.ROOT,
          "fit: objective %.3f -> %.3f in %d simulations, %.0f s; wrote %s%n",
          r.startObjective(),
          r.bestObjective(),
          r.evaluations(),
          (System.nanoTime() - t0) / 1e9,
          out.resolve("fitted-profile.json"));
      for (var e : r.best().entrySet()) {
        System.out.printf(
            Locale.ROOT,
            "  %-36s %10.4g  (was %.4g)%n",
            e.getKey(),
            e.getValue(),
            r.start().get(e.getKey()));
      }
      p = ProfileTree.toProfile(out.resolve("fitted-profile.json").toString(), r.fitted());
    }
    int gap = gapWindows < 0 ? windows : gapWindows;
    if (users > ExactScheduler.MAX_USERS && gap > 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--gap-windows needs --users <= "
              + ExactScheduler.MAX_USERS
              + " (exact search); pass --gap-windows 0");
    }
    SimulationSettings s =
        new SimulationSettings(
            windows,
            users,
            seed,
            sweepWindows,
            SimulationSettings.DEFAULT_RATIOS,
            SimulationSettings.DEFAULT_GAMMAS,
            gap);
    Simulation sim = new Simulation(p, s);
    long start = System.nanoTime();
    SimulationReport report;
    try (ProgressBar bar = Progress.bar("simulate", sim.totalTicks())) {
      report = sim.run(bar::step);
    }
    report.writeCsv(out);
    ClaimsTable claims = PaperClaims.evaluate(report, p);
    claims.writeCsv(out);
    if (!noPlots) {
      SimulationPlots.write(report, out);
      SimulationPlots.writeClaims(claims, out);
    }
    print(report, p, System.out, (System.nanoTime() - start) / 1e9);
    System.out.println();
    claims.print(System.out);
    return 0;
  }

  static void print(SimulationReport r, Profile p, PrintStream o, double seconds) {
    o.printf(Locale.ROOT, "profile %s (%s)%n", p.name(), p.file());
    o.printf(
        Locale.ROOT,
        "%-11s %-6s %9s %10s %9s %6s %9s%n",
        "method",
        "res",
        "quality",
        "latency_s",
        "utility",
        "viol",
        "degraded");
    for (SimulationReport.SummaryRow row : r.summary()) {
      o.printf(
          Locale.ROOT,
          "%-11s %-6s %9.3f %10.2f %9.4f %6d %5d/%d%n",
          row.method(),
          row.resolution(),
          row.quality(),
          row.latencySeconds(),
          row.utility(),
          row.violations(),
          row.degradedWindows(),
          row.windows());
    }
    o.println();
    o.println(
        "SA against each baseline (means over all four resolutions, infeasible ones included;"
            + " the claims below use the paper's definition):");
    for (SimulationReport.Comparison c : r.comparisons()) {
      o.printf(
          Locale.ROOT,
          "  vs %-11s latency reduction %6.1f%%   utility gain %7.1f%% (%+.4f per user)%n",
          c.baseline(),
          100 * c.latencyReduction(),
          100 * c.utilityGain(),
          c.utilityDifference());
    }
    if (!r.gap().isEmpty()) {
      o.printf(
          Locale.ROOT,
          "SA vs exact over %d windows: mean gap %.4f%%, worst %.4f%%%n",
          r.gap().size(),
          100 * r.meanGap(),
          100 * r.worstGap());
    }
    o.printf(Locale.ROOT, "done in %.1f s%n", seconds);
  }
}
