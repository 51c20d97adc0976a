package io.hybridsr.app.cli;

import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileException;
import io.hybridsr.core.sched.Budget;
import io.hybridsr.core.sched.ConfigurationEvaluator;
import io.hybridsr.core.sched.Evaluation;
import io.hybridsr.core.sched.ExactScheduler;
import io.hybridsr.core.sched.SaParameters;
import io.hybridsr.core.sched.ScheduleResult;
import io.hybridsr.core.sched.SimulatedAnnealingScheduler;
import io.hybridsr.core.sim.PromptSource;
import io.hybridsr.core.sim.WorkloadGenerator;
import io.hybridsr.core.task.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./hybridsr bench scheduler}: SA's median time per window at K = 10, 100 and 1000, and its
 * optimality gap against the exact solver on random K = 8 windows.
 *
 * <p>A warm-up then a median over timed runs (no JMH: one call is milliseconds, so the JIT settles
 * during the warm-up and the median ignores the odd GC pause). Windows mix the four target
 * resolutions with lambda drawn per user, budgets from the profile.
 */
@Command(
    name = "scheduler",
    mixinStandardHelpOptions = true,
    description = {
      "Times the simulated-annealing scheduler (median per window at K = 10, 100, 1000; targets"
          + " < 2 ms, < 20 ms, < 200 ms on 2 cores) and measures its gap to the exact optimum on"
          + " random K = 8 windows (target: within 1%%)."
    })
public final class BenchSchedulerCommand implements Callable<Integer> {

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "10,100,1000",
      description = "Window sizes K to time (default: ${DEFAULT-VALUE}).")
  int[] sizes;

  @Option(
      names = "--runs",
      defaultValue = "31",
      description = "Timed runs per size; the median is printed (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--gap-windows",
      defaultValue = "200",
      description = "Random windows for the SA-vs-exact gap (default: ${DEFAULT-VALUE}).")
  int gapWindows;

  @Option(
      names = "--gap-users",
      defaultValue = "8",
      description = "Users per gap window (default: ${DEFAULT-VALUE}; at most 16).")
  int gapUsers;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Workload seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--profile",
      paramLabel = "FILE",
      description = "Profile JSON (default: the paper's testbed).")
  Path profile;

  @Option(names = "--t0", description = "SA start temperature T0 (default: SaParameters.DEFAULT).")
  Double t0;

  @Option(
      names = "--alpha",
      description = "SA cooling factor alpha (default: SaParameters.DEFAULT).")
  Double alpha;

  @Option(
      names = "--tmin",
      description = "SA stop temperature Tmin (default: SaParameters.DEFAULT).")
  Double tmin;

  @Option(
      names = "--min-iterations",
      description = "SA floor of iterations per temperature (default: SaParameters.DEFAULT).")
  Integer minIterations;

  @Option(
      names = "--iterations-per-user",
      description = "SA iterations per temperature per user (default: SaParameters.DEFAULT).")
  Integer iterationsPerUser;

  @Option(
      names = "--restarts",
      description = "SA independent chains per window (default: SaParameters.DEFAULT).")
  Integer restarts;

  private SaParameters parameters() {
    SaParameters d = SaParameters.DEFAULT;
    return new SaParameters(
        t0 == null ? d.initialTemperature() : t0,
        alpha == null ? d.coolingFactor() : alpha,
        tmin == null ? d.minTemperature() : tmin,
        minIterations == null ? d.minIterationsPerTemperature() : minIterations,
        iterationsPerUser == null ? d.iterationsPerUser() : iterationsPerUser,
        d.seed(),
        d.polish(),
        restarts == null ? d.restarts() : restarts);
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (runs < 1 || gapWindows < 0 || gapUsers < 1 || gapUsers > ExactScheduler.MAX_USERS) {
      throw new ParameterException(
          spec.commandLine(),
          "--runs must be >= 1, --gap-windows >= 0 and --gap-users in [1, "
              + ExactScheduler.MAX_USERS
              + "]");
    }
    for (int k : sizes) {
      if (k < 1) {
        throw new ParameterException(spec.commandLine(), "--sizes must be >= 1 but has " + k);
      }
    }
    Profile p;
    try {
      p = profile == null ? Profile.defaultProfile() : Profile.load(profile);
    } catch (ProfileException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    ConfigurationEvaluator ev = ConfigurationEvaluator.forProfile(p);
    SimulatedAnnealingScheduler sa = new SimulatedAnnealingScheduler(ev, parameters());
    WorkloadGenerator work = new WorkloadGenerator(PromptSource.partiPrompts(), seed, 1);
    System.out.printf(
        Locale.ROOT,
        "SA scheduler, profile %s, %d available processors%n",
        p.name(),
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        Locale.ROOT,
        "%6s %12s %12s %12s %10s %10s%n",
        "K",
        "median_ms",
        "p10_ms",
        "p90_ms",
        "moves",
        "feasible");
    for (int k : sizes) {
      Budget budget = Budget.forWindow(p, k, 1.0);
      List<List<Task>> windows = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        windows.add(work.mixedWindow(1000 * k + i, k));
      }
      // Warm-up: at least a second and at least 10 calls, so the JIT has compiled the search.
      long warmUntil = System.nanoTime() + 1_000_000_000L;
      int w = 0;
      while (System.nanoTime() < warmUntil || w < 10) {
        sa.schedule(windows.get(w++ % windows.size()), budget);
      }
      double[] ms = new double[runs];
      long moves = 0;
      int feasible = 0;
      for (int r = 0; r < runs; r++) {
        List<Task> window = windows.get(r % windows.size());
        long t0 = System.nanoTime();
        ScheduleResult res = sa.schedule(window, budget);
        ms[r] = (System.nanoTime() - t0) / 1e6;
        moves += res.iterations();
        feasible += res.feasible() ? 1 : 0;
      }
      Arrays.sort(ms);
      System.out.printf(
          Locale.ROOT,
          "%6d %12.3f %12.3f %12.3f %10d %7d/%d%n",
          k,
          ms[runs / 2],
          ms[runs / 10],
          ms[(runs * 9) / 10],
          moves / runs,
          feasible,
          runs);
    }
    if (gapWindows > 0) {
      ExactScheduler exact = new ExactScheduler(ev);
      Budget full = Budget.forWindow(p, gapUsers, 1.0);
      SplittableRandom tight = new SplittableRandom(seed);
      int binding = 0;
      int skipped = 0;
      double sum = 0;
      double worst = 0;
      int within = 0;
      int compared = 0;
      int optimal = 0;
      try (ProgressBar bar = Progress.bar("gap", gapWindows)) {
        // Draw windows until gapWindows feasible ones are compared (infeasible ones have no
        // optimum).
        for (int i = 0; compared < gapWindows && i < 4 * gapWindows; i++) {
          List<Task> window = work.mixedWindow(i, gapUsers);
          // Edge budget drawn from 30%..100% of the profile's, so it binds in many windows.
          Budget budget =
              new Budget(
                  full.edgeFlops() * (0.3 + 0.7 * tight.nextDouble()),
                  full.deviceFlops(),
                  full.latencyBoundSeconds());
          ScheduleResult s = sa.schedule(window, budget);
          ScheduleResult e = exact.schedule(window, budget);
          if (e.degraded()) {
            skipped++;
            continue;
          }
          bar.step();
          binding += bindsBudget(ev, window, budget) ? 1 : 0;
          double gap = (e.totalUtility() - s.totalUtility()) / Math.abs(e.totalUtility());
          sum += gap;
          worst = Math.max(worst, gap);
          within += gap <= 0.01 ? 1 : 0;
          optimal += gap <= 1e-9 ? 1 : 0;
          compared++;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "SA vs exact on %d random K=%d windows (%d with a binding edge budget; %d infeasible"
              + " skipped): mean gap %.4f%%, worst %.4f%%, within 1%%: %d/%d, optimal: %d/%d%n",
          compared,
          gapUsers,
          binding,
          skipped,
          100 * sum / Math.max(1, compared),
          100 * worst,
          within,
          compared,
          optimal,
          compared);
    }
    return 0;
  }

  /** True when giving every user its own best configuration would exceed the edge budget. */
  private static boolean bindsBudget(ConfigurationEvaluator ev, List<Task> window, Budget b) {
    double edge = 0;
    for (Task t : window) {
      Evaluation best = null;
      for (Evaluation e : ev.table(t.targetWidth(), t.targetHeight())) {
        if (e.seconds() <= b.latencyBoundSeconds()
            && (best == null || e.utility(t.lambda()) > best.utility(t.lambda()))) {
          best = e;
        }
      }
      edge += best == null ? 0 : best.estimate().edgeLoad();
    }
    return edge > b.edgeFlops();
  }
}
