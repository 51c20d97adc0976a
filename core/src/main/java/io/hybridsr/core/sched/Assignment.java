package io.hybridsr.core.sched;

import io.hybridsr.core.config.Configuration;
import io.hybridsr.core.latency.LatencyBreakdown;
import io.hybridsr.core.task.Task;

/**
 * The configuration chosen for one task and what the models predict for it.
 *
 * @param task the task
 * @param configuration e = [S, D]
 * @param predicted T1..T6 and T as the latency model predicts them
 * @param quality Q (CLIPScore x 100)
 * @param utility U = Q^ - lambda T^
 * @param edgeLoad xi1 + xi2, peak-equivalent FLOP
 * @param deviceLoad xi3, peak-equivalent FLOP
 */
public record Assignment(
    Task task,
    Configuration configuration,
    LatencyBreakdown predicted,
    double quality,
    double utility,
    double edgeLoad,
    double deviceLoad) {

  /** Builds an assignment from an evaluation and the task's lambda. */
  public static Assignment of(Task task, Evaluation e) {
    return new Assignment(
        task,
        e.configuration(),
        e.estimate().latency(),
        e.quality(),
        e.utility(task.lambda()),
        e.estimate().edgeLoad(),
        e.estimate().deviceLoad());
  }
}
