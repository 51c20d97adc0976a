package io.hybridsr.core.latency;

import io.hybridsr.core.config.Configuration;
import io.hybridsr.core.task.Task;

/**
 * Predicts a task's loads and latencies under one configuration, for the schedulers.
 *
 * <p>Two implementations: the paper's {@link LatencyModel} (FLOP over capacity, for the simulations
 * of section IV) and the running job's per-runner stage models ({@code
 * io.hybridsr.core.stage.StageLatencyModel}: measured seconds, learned while the job runs, with
 * queueing).
 */
public interface LatencyPredictor {
  /** Loads and T1..T6, T of {@code task} under {@code c}. */
  LatencyEstimate estimate(Task task, Configuration c);

  /** The fraction of patches sent to the edge's SR. */
  double gamma();

  /**
   * True when a prediction depends on more than the target size (the device, the backlog), so
   * results cannot be shared between tasks of the same size.
   */
  default boolean perTask() {
    return false;
  }
}
