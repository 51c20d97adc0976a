package io.hybridsr.core.sched;

import io.hybridsr.core.task.Task;
import java.util.List;

/**
 * Chooses a configuration for every task of a window (problem P, eq. 9).
 *
 * <p>Contract: returns one assignment per task in the window's order; never returns an infeasible
 * answer unflagged: if it finds no feasible assignment it answers at once with its degraded choice,
 * {@code degraded = true} and a reason. Implementations are thread-safe and, for a fixed seed,
 * deterministic.
 *
 * <pre>{@code
 * Scheduler s = new SimulatedAnnealingScheduler(evaluator, SaParameters.DEFAULT);
 * ScheduleResult r = s.schedule(window, Budget.forWindow(profile, window.size(), 1.0));
 * }</pre>
 */
public interface Scheduler {
  /** A short stable name, used in CSV files and plots. */
  String name();

  /** Schedules one window. An empty window gets an empty, feasible result. */
  ScheduleResult schedule(List<Task> window, Budget budget);
}
