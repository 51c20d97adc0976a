package io.hybridsr.kafka.records;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A record on {@code hybridsr.results}: what happened to one task.
 *
 * <p>The edge writes {@link Status#PLANNED} (configuration and predicted timings) and, on a
 * model error or timeout, {@link Status#FAILED}; the device writes {@link Status#COMPLETED}
 * with measured timings, {@link Status#INCOMPLETE} when patches did not all arrive, or
 * {@link Status#FAILED} when stitching threw. Devices write to their own outcome topic
 * ({@code hybridsr.outcomes.<deviceId>}); the job relays the genuine ones to
 * {@code hybridsr.results}.
 *
 * @param source who wrote it: "edge" or "device:&lt;id&gt;"
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Outcome(
    String taskId,
    String userId,
    String deviceId,
    String edgeId,
    Status status,
    String source,
    String reason,
    Integer scale,
    Integer steps,
    Integer generationWidth,
    Integer generationHeight,
    Integer targetWidth,
    Integer targetHeight,
    Double quality,
    Double utility,
    Boolean degraded,
    Timings predicted,
    Timings measured,
    String outputPath,
    String missing,
    long timestampMs) {

  /** This outcome with {@code source} replaced; everything else as it is. */
  public Outcome withSource(String newSource) {
    return new Outcome(taskId, userId, deviceId, edgeId, status, newSource, reason, scale, steps,
        generationWidth, generationHeight, targetWidth, targetHeight, quality, utility, degraded,
        predicted, measured, outputPath, missing, timestampMs);
  }

  /** What happened. */
  public enum Status {
    PLANNED,
    COMPLETED,
    FAILED,
    INCOMPLETE
  }

  /** The paper's latency terms in seconds (T6 = max(T2+T4, T3+T5), T = T1 + T6). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Timings(
      Double t1, Double t2, Double t3, Double t4, Double t5, Double t6, Double total) {}
}
