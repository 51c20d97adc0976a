package io.hybridsr.operators.metrics;

import io.hybridsr.core.stage.Stage;

/**
 * Every metric the job's operators register, with its type, operator and meaning: the one place the
 * names live. Operators register through these constants; the dashboard test, the docs test and the
 * dashboard itself are checked against this list.
 */
public enum JobMetric {
  TASKS_IN("tasksIn", Type.COUNTER, "parse", "task records read"),
  DEAD_LETTERS("deadLetters", Type.COUNTER, "parse", "task records dead-lettered"),
  DUPLICATE_TASKS("duplicateTasks", Type.COUNTER, "admit", "task ids seen before"),
  UNKNOWN_DEVICE_OR_EDGE(
      "unknownDeviceOrEdge", Type.COUNTER, "admit", "tasks for a device or edge not known"),
  WINDOW_SIZE("windowSize", Type.HISTOGRAM, "plan", "tasks per window"),
  SCHEDULING_MILLIS("schedulingMillis", Type.HISTOGRAM, "plan", "time to plan a window"),
  PLANNED_TASKS("plannedTasks", Type.COUNTER, "plan", "tasks planned"),
  REJECTED_TASKS("rejectedTasks", Type.COUNTER, "plan", "tasks rejected at admission"),
  DEGRADED_WINDOWS("degradedWindows", Type.COUNTER, "plan", "windows planned degraded"),
  MEASUREMENTS("measurements", Type.COUNTER, "plan", "measured service times learned from"),
  SA_UTILITY("saUtility", Type.GAUGE, "plan", "utility of the last window"),
  SA_ITERATIONS("saIterations", Type.GAUGE, "plan", "SA iterations of the last window"),
  ADMISSION_FACTOR(
      "admissionFactor",
      Type.GAUGE,
      "plan",
      "recent tasks' measured T / predicted T (>= 1) that L0 is divided by at admission"),
  EDGE_BACKLOG_SECONDS(
      "edgeBacklogSeconds", Type.GAUGE, "plan", "edge work planned and not done, seconds"),
  PREDICTED_T1("predictedT1", Type.GAUGE, "plan", "mean predicted T1 of the last window"),
  PREDICTED_T2("predictedT2", Type.GAUGE, "plan", "mean predicted T2 of the last window"),
  PREDICTED_T3("predictedT3", Type.GAUGE, "plan", "mean predicted T3 of the last window"),
  PREDICTED_T4("predictedT4", Type.GAUGE, "plan", "mean predicted T4 of the last window"),
  PREDICTED_T5("predictedT5", Type.GAUGE, "plan", "mean predicted T5 of the last window"),
  PREDICTED_T6("predictedT6", Type.GAUGE, "plan", "mean predicted T6 of the last window"),
  PREDICTED_TOTAL("predictedTotal", Type.GAUGE, "plan", "mean predicted T of the last window"),
  PREDICTION_ERROR_GENERATION(
      "predictionErrorPermille_generation",
      Type.HISTOGRAM,
      "plan",
      "|measured - predicted| / predicted of generation, per mille"),
  PREDICTION_ERROR_EDGE_SR(
      "predictionErrorPermille_edge_sr", Type.HISTOGRAM, "plan", "the same for edge SR"),
  PREDICTION_ERROR_LINK_FG(
      "predictionErrorPermille_link_fg",
      Type.HISTOGRAM,
      "plan",
      "the same for sending the foreground"),
  PREDICTION_ERROR_LINK_BG(
      "predictionErrorPermille_link_bg",
      Type.HISTOGRAM,
      "plan",
      "the same for sending the background"),
  PREDICTION_ERROR_DEVICE_SR(
      "predictionErrorPermille_device_sr", Type.HISTOGRAM, "plan", "the same for device SR"),
  PREDICTION_ERROR_STITCH(
      "predictionErrorPermille_stitch", Type.HISTOGRAM, "plan", "the same for stitching"),
  MALFORMED_MEASUREMENTS(
      "malformedMeasurements",
      Type.COUNTER,
      "parse measurements",
      "measurement records that could not be read"),
  GENERATION_MILLIS("generationMillis", Type.HISTOGRAM, "edge GPU", "SDXL service time"),
  EDGE_SR_MILLIS("edgeSrMillis", Type.HISTOGRAM, "edge GPU", "edge SR service time"),
  EDGE_WAIT_MILLIS("edgeWaitMillis", Type.HISTOGRAM, "edge GPU", "wait for a GPU slot"),
  EDGE_QUEUED("edgeQueued", Type.GAUGE, "edge GPU", "requests waiting for a slot"),
  EDGE_BUSY_SLOTS("edgeBusySlots", Type.GAUGE, "edge GPU", "slots serving a request"),
  GENERATION_FAILURES("generationFailures", Type.COUNTER, "edge GPU", "generations that failed"),
  EDGE_SR_FAILURES("edgeSrFailures", Type.COUNTER, "edge GPU", "edge SR calls that failed"),
  EDGE_TIMEOUTS("edgeTimeouts", Type.COUNTER, "edge GPU", "calls past their service timeout"),
  EDGE_COLD_RUNS(
      "edgeColdRuns",
      Type.COUNTER,
      "edge GPU",
      "tasks served at a generation size new to the subtask: served, not learned from"),
  PATCHES_OUT("patchesOut", Type.COUNTER, "edge GPU", "patch records sent to devices"),
  DEVICE_OUTCOMES_IN(
      "deviceOutcomesIn", Type.COUNTER, "parse device outcomes", "device outcome records read"),
  MALFORMED_DEVICE_OUTCOMES(
      "malformedDeviceOutcomes",
      Type.COUNTER,
      "parse device outcomes",
      "device outcome records refused as malformed"),
  RELAYED_DEVICE_OUTCOMES(
      "relayedDeviceOutcomes",
      Type.COUNTER,
      "relay device outcomes",
      "outcomes relayed to hybridsr.results"),
  FORGED_DEVICE_OUTCOMES(
      "forgedDeviceOutcomes",
      Type.COUNTER,
      "relay device outcomes",
      "outcomes from a device the task was not planned for"),
  UNPLANNED_DEVICE_OUTCOMES(
      "unplannedDeviceOutcomes",
      Type.COUNTER,
      "relay device outcomes",
      "outcomes of tasks never planned"),
  DUPLICATE_DEVICE_OUTCOMES(
      "duplicateDeviceOutcomes", Type.COUNTER, "relay device outcomes", "outcomes already relayed");

  /** How Flink registers it (and how Prometheus exports it: a histogram is a summary). */
  public enum Type {
    COUNTER,
    GAUGE,
    HISTOGRAM
  }

  private final String metricName;
  private final Type type;
  private final String operator;
  private final String meaning;

  JobMetric(String metricName, Type type, String operator, String meaning) {
    this.metricName = metricName;
    this.type = type;
    this.operator = operator;
    this.meaning = meaning;
  }

  /** The name the operator registers it under. */
  public String metricName() {
    return metricName;
  }

  public Type type() {
    return type;
  }

  /** The operator that registers it. */
  public String operator() {
    return operator;
  }

  public String meaning() {
    return meaning;
  }

  /** The predicted-latency gauges, T1..T6 and T, in that order. */
  public static JobMetric[] predicted() {
    return new JobMetric[] {
      PREDICTED_T1,
      PREDICTED_T2,
      PREDICTED_T3,
      PREDICTED_T4,
      PREDICTED_T5,
      PREDICTED_T6,
      PREDICTED_TOTAL
    };
  }

  /** The prediction error histogram of {@code stage}. */
  public static JobMetric predictionError(Stage stage) {
    return switch (stage) {
      case GENERATION -> PREDICTION_ERROR_GENERATION;
      case EDGE_SR -> PREDICTION_ERROR_EDGE_SR;
      case LINK_FG -> PREDICTION_ERROR_LINK_FG;
      case LINK_BG -> PREDICTION_ERROR_LINK_BG;
      case DEVICE_SR -> PREDICTION_ERROR_DEVICE_SR;
      case STITCH -> PREDICTION_ERROR_STITCH;
    };
  }
}
