package io.hybridsr.kafka.records;

/** Header names of patch records (values are UTF-8 decimal or enum names). */
public final class PatchHeaders {
  public static final String TASK_ID = "hybridsr.task-id";
  public static final String USER_ID = "hybridsr.user-id";
  public static final String DEVICE_ID = "hybridsr.device-id";
  public static final String PATCH_INDEX = "hybridsr.patch-index";
  public static final String PATCH_COUNT = "hybridsr.patch-count";
  public static final String GRID_ROW = "hybridsr.grid-row";
  public static final String GRID_COL = "hybridsr.grid-col";
  public static final String GRID_SIZE = "hybridsr.grid-size";
  public static final String X = "hybridsr.x";
  public static final String Y = "hybridsr.y";
  public static final String WIDTH = "hybridsr.width";
  public static final String HEIGHT = "hybridsr.height";
  public static final String OVERLAP = "hybridsr.overlap";
  public static final String GENERATION_WIDTH = "hybridsr.generation-width";
  public static final String GENERATION_HEIGHT = "hybridsr.generation-height";
  public static final String TARGET_WIDTH = "hybridsr.target-width";
  public static final String TARGET_HEIGHT = "hybridsr.target-height";
  public static final String ROLE = "hybridsr.role";
  public static final String SCALE = "hybridsr.scale";
  public static final String STEPS = "hybridsr.steps";
  public static final String ENCODING = "hybridsr.encoding";
  public static final String TASK_RECEIVED_AT = "hybridsr.task-received-at-ms";
  public static final String CREATED_AT = "hybridsr.created-at-ms";
  public static final String GENERATION_MILLIS = "hybridsr.generation-ms";
  public static final String EDGE_SR_MILLIS = "hybridsr.edge-sr-ms";
  public static final String PREDICTED = "hybridsr.predicted-s";

  /** Measured wait for the edge's GPU slot, ms (absent in records of older edges: 0). */
  public static final String EDGE_WAIT_MILLIS = "hybridsr.edge-wait-ms";

  private PatchHeaders() {}
}
