package io.hybridsr.kafka.records;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One measured service time, fed back to the planner of the task's edge on {@code
 * hybridsr.measurements} (keyed by edge id), so later windows are planned with what this machine
 * really does.
 *
 * @param edgeId the edge whose planner learns from it (the record key)
 * @param taskId the task it was measured on
 * @param site where it ran: the edge id, or the device id
 * @param stage the stage's key ({@code io.hybridsr.core.stage.Stage#key()}); {@code done} marks a
 *     task's end on its device, {@code edge-done} its end on the edge, with {@code seconds} 0
 * @param runner the runner that served it
 * @param units the stage's first unit of work (0: the planner takes both from its plan)
 * @param units2 its second unit
 * @param seconds service time, no waiting
 * @param endMs when it ended (ms since the epoch), to correct the backlog behind it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Measurement(
    String edgeId,
    String taskId,
    String site,
    String stage,
    String runner,
    double units,
    double units2,
    double seconds,
    long endMs) {
  /** Stage key of a task's end on the edge (its GPU slot is free again). */
  public static final String EDGE_DONE = "edge-done";

  /**
   * Stage key of the time a completed task spent outside its stages: its measured T less T1 and T6
   * (its wait in the window, and the hops between operators, topics and the device that no stage
   * counts), measured on the device's outcome.
   */
  public static final String HANDOFF = "handoff";

  /** Stage key of a completed task's measured T, from arrival to the stitched image. */
  public static final String TOTAL = "total";

  /** Stage key of a task's end on its device (stitched, or failed). */
  public static final String DONE = "done";
}
