package io.hybridsr.operators.plan;

import io.hybridsr.operators.ingest.ArrivedTask;
import java.io.Serializable;
import java.util.List;

/**
 * Plans one edge's window of concurrent tasks: one {@link PlannedTask} per input, same order.
 *
 * <p>The window function depends on this, not on a scheduler class, so the job can run any
 * scheduler of core (SA by default, baselines for comparison) and tests can plan by hand.
 */
public interface BatchPlanner extends Serializable {
  List<PlannedTask> plan(String edgeId, List<ArrivedTask> window);

  /**
   * Plans a window with the edge's learned speeds and backlog (which it updates), refusing tasks
   * that cannot be served in time. Planners that neither learn nor queue plan every task.
   */
  default Plan plan(String edgeId, List<ArrivedTask> window, PlanningState state, long nowMs) {
    return new Plan(plan(edgeId, window), List.of());
  }

  /** Learns from one measurement fed back by the edge or a device; default: nothing. */
  default double learn(io.hybridsr.kafka.records.Measurement m, PlanningState state, long nowMs) {
    return Double.NaN;
  }

  /** A window's plans and the tasks refused at admission, with why. */
  record Plan(List<PlannedTask> planned, List<Rejection> rejected) {}

  /** A task refused at admission. */
  record Rejection(ArrivedTask task, String reason) {}

  /** What the last call did, for metrics; a planner that cannot tell returns zeros. */
  default PlanStats lastStats() {
    return PlanStats.NONE;
  }

  /** Figures of one planning call. */
  record PlanStats(double totalUtility, long iterations, boolean degraded) {
    public static final PlanStats NONE = new PlanStats(0, 0, false);
  }
}
