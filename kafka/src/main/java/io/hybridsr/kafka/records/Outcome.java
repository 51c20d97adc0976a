package io.hybridsr.kafka.records;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A record on {@code hybridsr.results}: what happened to one task.
 *
 * <p>The edge writes {@link Status#PLANNED} (configuration and predicted timings) and, on a model
 * error or timeout, {@link Status#FAILED}; the device writes {@link Status#COMPLETED} with measured
 * timings, {@link Status#INCOMPLETE} when patches did not all arrive, or {@link Status#FAILED} when
 * stitching threw. Devices write to their own outcome topic ({@code hybridsr.outcomes.<deviceId>});
 * the job relays the genuine ones to {@code hybridsr.results}.
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
    return new Outcome(
        taskId,
        userId,
        deviceId,
        edgeId,
        status,
        newSource,
        reason,
        scale,
        steps,
        generationWidth,
        generationHeight,
        targetWidth,
        targetHeight,
        quality,
        utility,
        degraded,
        predicted,
        measured,
        outputPath,
        missing,
        timestampMs);
  }

  /** What happened. */
  public enum Status {
    PLANNED,
    COMPLETED,
    FAILED,
    INCOMPLETE,
    /**
     * Refused at admission: even the cheapest configuration could not meet the latency bound given
     * the work already queued (the reason says by how much). Final, like COMPLETED.
     */
    REJECTED
  }

  /**
   * Latency terms in seconds, predicted and measured alike (docs/models.md): T1 = edge wait +
   * generation, T2 = edge SR, T4/T5 = foreground/background on the link, T3 = device SR, T6 =
   * everything after generation on this pipeline's path, T = total from the task's arrival; {@code
   * edgeWait}, {@code deviceWait} and {@code stitch} are the parts no paper term names ({@code
   * stitch}: the device's overlap-add and writing of the image, which keep it from its next task).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Timings(
      Double t1,
      Double t2,
      Double t3,
      Double t4,
      Double t5,
      Double t6,
      Double total,
      Double edgeWait,
      Double deviceWait,
      Double stitch) {
    /** The paper's seven terms, without the waits and stitching. */
    public Timings(Double t1, Double t2, Double t3, Double t4, Double t5, Double t6, Double total) {
      this(t1, t2, t3, t4, t5, t6, total, null, null, null);
    }
  }
}
