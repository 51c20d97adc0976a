package io.hybridsr.core.sched;

import io.hybridsr.core.task.Task;
import java.util.List;

/**
 * A baseline with one SR scale for everyone and the steps tuned: the best assignment over S =
 * {scale} by branch and bound (annealing beyond {@link ExactScheduler#MAX_USERS} users).
 */
abstract class FixedScaleScheduler implements Scheduler {
  private final String name;
  private final ExactScheduler exact;
  private final SimulatedAnnealingScheduler annealing;

  FixedScaleScheduler(String name, ConfigurationEvaluator evaluator, int scale) {
    this.name = name;
    ConfigurationEvaluator restricted =
        evaluator.withCandidates(evaluator.candidates().withScales(List.of(scale)));
    this.exact = new ExactScheduler(restricted, name);
    this.annealing = new SimulatedAnnealingScheduler(restricted, SaParameters.DEFAULT);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ScheduleResult schedule(List<Task> window, Budget budget) {
    ScheduleResult r =
        window.size() <= ExactScheduler.MAX_USERS
            ? exact.schedule(window, budget)
            : annealing.schedule(window, budget);
    return new ScheduleResult(
        name,
        r.assignments(),
        r.totalUtility(),
        r.feasible(),
        r.degraded(),
        r.reason(),
        r.iterations(),
        r.edgeLoad(),
        r.deviceLoad());
  }
}
