package io.hybridsr.core.sim;

import io.hybridsr.core.config.CandidateSets;
import io.hybridsr.core.config.StandardResolution;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileKeys;
import io.hybridsr.core.sched.Assignment;
import io.hybridsr.core.sched.Budget;
import io.hybridsr.core.sched.ConfigurationEvaluator;
import io.hybridsr.core.sched.ExactScheduler;
import io.hybridsr.core.sched.ScheduleResult;
import io.hybridsr.core.sched.Scheduler;
import io.hybridsr.core.sim.SimulationReport.CapacityRow;
import io.hybridsr.core.sim.SimulationReport.GammaRow;
import io.hybridsr.core.sim.SimulationReport.GapRow;
import io.hybridsr.core.sim.SimulationReport.SummaryRow;
import io.hybridsr.core.task.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the paper's evaluation (section IV) on the models: every method on the same windows at 720p,
 * 1080p, 1440p and 2K (Fig. 7) and at 1024x1024 (Fig. 6), SA against the exact optimum per window,
 * the edge capacity sweep (Fig. 8a) and the gamma sweep (Fig. 8b).
 *
 * <pre>{@code
 * Simulation sim = new Simulation(Profile.defaultProfile(), SimulationSettings.defaults(10));
 * SimulationReport report = sim.run(() -> {});
 * report.writeCsv(Path.of("out"));
 * }</pre>
 */
public final class Simulation {
  /** Optional profile key: the lower end of the lambda range users draw from (default 0). */
  public static final String LAMBDA_LOW = "workload.lambdaLow";

  /** Optional profile key: the upper end of the lambda range (default 1). */
  public static final String LAMBDA_HIGH = "workload.lambdaHigh";

  /** The label of the paper's Fig. 6 target (1024x1024) in {@link SimulationReport#fig6()}. */
  public static final String FIG6 = "1024x1024";

  /** Fig. 6 rows restricted to each window's most quality-minded user (smallest lambda). */
  public static final String FIG6_QUALITY_FIRST = "1024x1024-min-lambda";

  private static final int FIG6_SIDE = 1024;
  private static final int FIG6_SALT = 97;

  private final Profile profile;
  private final SimulationSettings settings;
  private final WorkloadGenerator workload;

  public Simulation(Profile profile, SimulationSettings settings) {
    this.profile = profile;
    this.settings = settings;
    this.workload =
        new WorkloadGenerator(
            PromptSource.partiPrompts(),
            settings.seed(),
            settings.users(),
            optional(profile, LAMBDA_LOW, 0),
            optional(profile, LAMBDA_HIGH, 1));
  }

  /** A figure the models do not require, or its default when the profile lacks it. */
  static double optional(Profile p, String key, double fallback) {
    return p.figures().containsKey(key) ? p.value(key) : fallback;
  }

  /** Progress ticks {@link #run} will report (one per scheduled window batch). */
  public long totalTicks() {
    int res = StandardResolution.values().length;
    return (long) (res + 1) * settings.windows()
        + (long) res * settings.gapWindows()
        + (long) settings.capacityRatios().size() * res * settings.sweepWindows()
        + (long) settings.gammas().size() * res * settings.sweepWindows();
  }

  /** Runs everything; {@code tick} is called {@link #totalTicks()} times. */
  public SimulationReport run(Runnable tick) {
    double gamma = profile.value(ProfileKeys.GAMMA);
    ConfigurationEvaluator base =
        new ConfigurationEvaluator(profile, CandidateSets.DEFAULT, gamma, 1.0);
    List<Scheduler> methods = Methods.all(base, settings.seed());
    Budget budget = Budget.forWindow(profile, settings.users(), 1.0);

    List<SummaryRow> summary = new ArrayList<>();
    for (StandardResolution r : StandardResolution.values()) {
      Accumulator[] acc = new Accumulator[methods.size()];
      for (int m = 0; m < methods.size(); m++) {
        acc[m] = new Accumulator();
      }
      for (int w = 0; w < settings.windows(); w++) {
        List<Task> window = workload.window(r, w);
        for (int m = 0; m < methods.size(); m++) {
          acc[m].add(methods.get(m).schedule(window, budget), budget);
        }
        tick.run();
      }
      for (int m = 0; m < methods.size(); m++) {
        summary.add(acc[m].row(methods.get(m).name(), r.label()));
      }
    }

    // Fig. 6: the same methods on 1024x1024 windows (the paper's visual comparison).
    List<SummaryRow> fig6 = new ArrayList<>();
    {
      Accumulator[] all = new Accumulator[methods.size()];
      Accumulator[] first = new Accumulator[methods.size()];
      for (int m = 0; m < methods.size(); m++) {
        all[m] = new Accumulator();
        first[m] = new Accumulator();
      }
      for (int w = 0; w < settings.windows(); w++) {
        List<Task> window = workload.window(FIG6, FIG6_SALT, FIG6_SIDE, FIG6_SIDE, w);
        int minLambda = 0;
        for (int k = 1; k < window.size(); k++) {
          if (window.get(k).lambda() < window.get(minLambda).lambda()) {
            minLambda = k;
          }
        }
        for (int m = 0; m < methods.size(); m++) {
          ScheduleResult result = methods.get(m).schedule(window, budget);
          all[m].add(result, budget);
          first[m].addOne(result.assignments().get(minLambda), result.degraded());
        }
        tick.run();
      }
      for (int m = 0; m < methods.size(); m++) {
        fig6.add(all[m].row(methods.get(m).name(), FIG6));
      }
      for (int m = 0; m < methods.size(); m++) {
        fig6.add(first[m].row(methods.get(m).name(), FIG6_QUALITY_FIRST));
      }
    }

    List<GapRow> gap = new ArrayList<>();
    ExactScheduler exact = new ExactScheduler(base);
    Scheduler sa = methods.get(0);
    int index = 0;
    for (StandardResolution r : StandardResolution.values()) {
      for (int w = 0; w < settings.gapWindows(); w++) {
        List<Task> window = workload.window(r, w);
        ScheduleResult s = sa.schedule(window, budget);
        ScheduleResult e = exact.schedule(window, budget);
        if (!e.degraded()) {
          double g = (e.totalUtility() - s.totalUtility()) / Math.abs(e.totalUtility());
          gap.add(new GapRow(index, r.label(), s.totalUtility(), e.totalUtility(), g));
        }
        index++;
        tick.run();
      }
    }

    List<CapacityRow> capacity = new ArrayList<>();
    for (double ratio : settings.capacityRatios()) {
      ConfigurationEvaluator ev =
          new ConfigurationEvaluator(profile, CandidateSets.DEFAULT, gamma, ratio);
      List<Scheduler> ms = Methods.all(ev, settings.seed());
      Budget b = Budget.forWindow(profile, settings.users(), ratio);
      Accumulator[] acc = new Accumulator[ms.size()];
      for (int m = 0; m < ms.size(); m++) {
        acc[m] = new Accumulator();
      }
      for (StandardResolution r : StandardResolution.values()) {
        for (int w = 0; w < settings.sweepWindows(); w++) {
          List<Task> window = workload.window(r, w);
          for (int m = 0; m < ms.size(); m++) {
            acc[m].add(ms.get(m).schedule(window, b), b);
          }
          tick.run();
        }
      }
      for (int m = 0; m < ms.size(); m++) {
        SummaryRow row = acc[m].row(ms.get(m).name(), "all");
        capacity.add(new CapacityRow(row.method(), ratio, row.utility(), row.violations()));
      }
    }

    List<GammaRow> gammaRows = new ArrayList<>();
    for (double g : settings.gammas()) {
      ConfigurationEvaluator ev =
          new ConfigurationEvaluator(profile, CandidateSets.DEFAULT, g, 1.0);
      Scheduler s = Methods.all(ev, settings.seed()).get(0);
      Accumulator acc = new Accumulator();
      for (StandardResolution r : StandardResolution.values()) {
        for (int w = 0; w < settings.sweepWindows(); w++) {
          acc.add(s.schedule(workload.window(r, w), budget), budget);
          tick.run();
        }
      }
      SummaryRow row = acc.row(s.name(), "all");
      gammaRows.add(new GammaRow(g, row.quality(), row.latencySeconds(), row.utility()));
    }
    return new SimulationReport(summary, gap, capacity, gammaRows, fig6);
  }

  /** Running means over users and windows of one method. */
  private static final class Accumulator {
    private double quality;
    private double latency;
    private double utility;
    private long users;
    private int violations;
    private int windows;
    private int degraded;

    void add(ScheduleResult r, Budget b) {
      for (Assignment a : r.assignments()) {
        quality += a.quality();
        latency += a.predicted().total();
        utility += a.utility();
        users++;
      }
      violations += r.violations(b);
      windows++;
      degraded += r.degraded() ? 1 : 0;
    }

    /** One user's assignment (its window counted once). */
    void addOne(Assignment a, boolean degradedWindow) {
      quality += a.quality();
      latency += a.predicted().total();
      utility += a.utility();
      users++;
      windows++;
      degraded += degradedWindow ? 1 : 0;
    }

    SummaryRow row(String method, String resolution) {
      double n = Math.max(1, users);
      return new SummaryRow(
          method, resolution, quality / n, latency / n, utility / n, violations, windows, degraded);
    }
  }
}
