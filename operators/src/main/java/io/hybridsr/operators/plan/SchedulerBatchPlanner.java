package io.hybridsr.operators.plan;

import io.hybridsr.core.config.GenerationSize;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileKeys;
import io.hybridsr.core.sched.Assignment;
import io.hybridsr.core.sched.Budget;
import io.hybridsr.core.sched.ConfigurationEvaluator;
import io.hybridsr.core.sched.SaParameters;
import io.hybridsr.core.sched.ScheduleResult;
import io.hybridsr.core.sched.SimulatedAnnealingScheduler;
import io.hybridsr.core.task.Task;
import io.hybridsr.operators.ingest.ArrivedTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans a window with core's simulated annealing (paper Algorithm 1) under the profile's shared
 * budgets: Cmax for the edge, C'max for the window's devices, and L0.
 *
 * <p>Holds only the profile's path and the SA settings; the profile is loaded on the
 * TaskManager when the first window arrives.
 */
public final class SchedulerBatchPlanner implements BatchPlanner {
  private static final long serialVersionUID = 1L;

  private final String profilePath;
  private final double edgeCapacityRatio;
  private final long seed;
  private transient ConfigurationEvaluator evaluator;
  private transient SimulatedAnnealingScheduler scheduler;
  private transient Profile profile;
  private transient PlanStats last;

  /** @param profilePath a profile file, or null for the paper's testbed profile */
  public SchedulerBatchPlanner(String profilePath, double edgeCapacityRatio, long seed) {
    if (!(edgeCapacityRatio > 0 && edgeCapacityRatio <= 1)) {
      throw new IllegalArgumentException(
          "edgeCapacityRatio must be in (0, 1], got " + edgeCapacityRatio);
    }
    this.profilePath = profilePath;
    this.edgeCapacityRatio = edgeCapacityRatio;
    this.seed = seed;
  }

  private void init() {
    profile = profilePath == null ? Profile.defaultProfile() : Profile.load(Path.of(profilePath));
    evaluator = ConfigurationEvaluator.forProfile(profile);
    scheduler = new SimulatedAnnealingScheduler(evaluator, SaParameters.DEFAULT.withSeed(seed));
  }

  @Override
  public List<PlannedTask> plan(String edgeId, List<ArrivedTask> window) {
    if (scheduler == null) {
      init();
    }
    List<Task> tasks = new ArrayList<>(window.size());
    window.forEach(a -> tasks.add(a.task));
    Budget budget = Budget.forWindow(profile, tasks.size(), edgeCapacityRatio);
    ScheduleResult r = scheduler.schedule(tasks, budget);
    last = new PlanStats(r.totalUtility(), r.iterations(), r.degraded());
    long now = System.currentTimeMillis();
    double gamma = evaluator.latencyModel().gamma();
    int grid = (int) Math.round(profile.value(ProfileKeys.GRID_SIZE));
    List<PlannedTask> out = new ArrayList<>(window.size());
    for (int i = 0; i < window.size(); i++) {
      ArrivedTask a = window.get(i);
      Assignment as = r.assignments().get(i);
      GenerationSize size = GenerationSize.of(a.task.targetWidth(), a.task.targetHeight(),
          as.configuration().scale());
      PlannedTask p = new PlannedTask();
      p.task = a.task;
      p.arrivedAtMs = a.arrivedAtMs;
      p.plannedAtMs = now;
      p.scale = as.configuration().scale();
      p.steps = as.configuration().steps();
      p.generationWidth = size.width();
      p.generationHeight = size.height();
      p.gamma = gamma;
      p.gridSize = grid;
      p.t1 = as.predicted().t1();
      p.t2 = as.predicted().t2();
      p.t3 = as.predicted().t3();
      p.t4 = as.predicted().t4();
      p.t5 = as.predicted().t5();
      p.t6 = as.predicted().t6();
      p.total = as.predicted().total();
      p.quality = as.quality();
      p.utility = as.utility();
      p.degraded = r.degraded();
      p.degradedReason = r.degraded() ? r.reason() : null;
      p.windowSize = window.size();
      out.add(p);
    }
    return out;
  }

  @Override
  public PlanStats lastStats() {
    return last == null ? PlanStats.NONE : last;
  }
}
