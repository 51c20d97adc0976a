package io.hybridsr.operators.plan;

import io.hybridsr.kafka.records.Outcome;

/** Builds the outcome records the edge writes to {@code hybridsr.results}. */
public final class PlannedOutcomes {
  private PlannedOutcomes() {}

  /** The PLANNED record: configuration and predicted timings. */
  public static Outcome planned(PlannedTask p) {
    return of(p, Outcome.Status.PLANNED, null);
  }

  /** A FAILED record: a model error or timeout on this task, with why. */
  public static Outcome failed(PlannedTask p, String reason) {
    return of(p, Outcome.Status.FAILED, reason);
  }

  /** A REJECTED record: refused at admission, with why; nothing was planned for it. */
  public static Outcome rejected(io.hybridsr.core.task.Task t, String reason) {
    return new Outcome(
        t.taskId(),
        t.userId(),
        t.deviceId(),
        t.edgeId(),
        Outcome.Status.REJECTED,
        "edge",
        reason,
        null,
        null,
        null,
        null,
        t.targetWidth(),
        t.targetHeight(),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        System.currentTimeMillis());
  }

  private static Outcome of(PlannedTask p, Outcome.Status status, String reason) {
    return new Outcome(
        p.task.taskId(),
        p.task.userId(),
        p.task.deviceId(),
        p.task.edgeId(),
        status,
        "edge",
        reason != null ? reason : p.degraded ? p.degradedReason : null,
        p.scale,
        p.steps,
        p.generationWidth,
        p.generationHeight,
        p.task.targetWidth(),
        p.task.targetHeight(),
        p.quality,
        p.utility,
        p.degraded,
        new Outcome.Timings(
            p.t1, p.t2, p.t3, p.t4, p.t5, p.t6, p.total, p.edgeWait, p.deviceWait, p.stitch),
        null,
        null,
        null,
        System.currentTimeMillis());
  }
}
