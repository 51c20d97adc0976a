package io.hybridsr.kafka.records;

import java.util.Objects;

/**
 * One image patch on its way from the edge to a device.
 *
 * <p>Geometry is in pixels of the generated image (generation size R): the core rectangle the patch
 * owns ({@code x, y, width, height}) and the overlap margin it carries on each side (clipped at the
 * image border) for feathered stitching. The payload is the padded rectangle: at generation
 * resolution for a background patch (the device upscales it by {@code scale}), already upscaled by
 * {@code scale} for a foreground patch. The stitched image is {@code scale x R}; the device
 * resamples it to the target size R~ when rounding made them differ.
 *
 * @param patchCount how many patches make the task's image: the device stitches when it has all
 * @param createdAtMs when the edge produced the patch (epoch ms)
 * @param generationMillis measured T1 on the edge (the wait for a GPU slot, then SDXL, the
 *     partition and the background's encoding), for the outcome record
 * @param edgeSrMillis measured T2 on the edge (partitioning and foreground SR)
 * @param predicted the scheduler's T1..T6, T, edge wait, device wait and stitching in seconds,
 *     comma-separated ("" if unknown)
 * @param edgeWaitMillis measured wait for the edge's GPU slot, part of {@code generationMillis}
 * @param taskReceivedAtMs when the task arrived at the edge, so the device can measure T
 */
public record PatchRecord(
    String taskId,
    String userId,
    String deviceId,
    int patchIndex,
    int patchCount,
    int gridRow,
    int gridCol,
    int gridSize,
    int x,
    int y,
    int width,
    int height,
    int overlap,
    int generationWidth,
    int generationHeight,
    int targetWidth,
    int targetHeight,
    PatchRole role,
    int scale,
    int steps,
    PayloadEncoding encoding,
    long taskReceivedAtMs,
    long createdAtMs,
    long generationMillis,
    long edgeSrMillis,
    String predicted,
    byte[] payload,
    long edgeWaitMillis) {

  /** A patch without a measured edge wait (0). */
  public PatchRecord(
      String taskId,
      String userId,
      String deviceId,
      int patchIndex,
      int patchCount,
      int gridRow,
      int gridCol,
      int gridSize,
      int x,
      int y,
      int width,
      int height,
      int overlap,
      int generationWidth,
      int generationHeight,
      int targetWidth,
      int targetHeight,
      PatchRole role,
      int scale,
      int steps,
      PayloadEncoding encoding,
      long taskReceivedAtMs,
      long createdAtMs,
      long generationMillis,
      long edgeSrMillis,
      String predicted,
      byte[] payload) {
    this(
        taskId,
        userId,
        deviceId,
        patchIndex,
        patchCount,
        gridRow,
        gridCol,
        gridSize,
        x,
        y,
        width,
        height,
        overlap,
        generationWidth,
        generationHeight,
        targetWidth,
        targetHeight,
        role,
        scale,
        steps,
        encoding,
        taskReceivedAtMs,
        createdAtMs,
        generationMillis,
        edgeSrMillis,
        predicted,
        payload,
        0L);
  }

  public PatchRecord {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(payload, "payload");
    predicted = predicted == null ? "" : predicted;
    if (patchIndex < 0 || patchIndex >= patchCount) {
      throw new IllegalArgumentException(
          "patchIndex " + patchIndex + " outside [0, patchCount=" + patchCount + ")");
    }
    if (width <= 0 || height <= 0 || scale <= 0) {
      throw new IllegalArgumentException("patch width, height and scale must be positive");
    }
    if (overlap < 0
        || x < 0
        || y < 0
        || x + width > generationWidth
        || y + height > generationHeight) {
      throw new IllegalArgumentException(
          "patch "
              + width
              + "x"
              + height
              + "+"
              + x
              + "+"
              + y
              + " (overlap "
              + overlap
              + ") outside the generated "
              + generationWidth
              + "x"
              + generationHeight
              + " image");
    }
  }

  /** The same patch with the edge's measured stage times, known only once all its SR is done. */
  public PatchRecord withEdgeTimings(long generationMs, long edgeSrMs) {
    return withEdgeTimings(edgeWaitMillis, generationMs, edgeSrMs);
  }

  /**
   * The same patch with the edge's measured times: the wait for a GPU slot, T1 (that wait plus
   * generation) and T2 (the foreground's SR), known only once all its SR is done.
   */
  public PatchRecord withEdgeTimings(long edgeWaitMs, long generationMs, long edgeSrMs) {
    return new PatchRecord(
        taskId,
        userId,
        deviceId,
        patchIndex,
        patchCount,
        gridRow,
        gridCol,
        gridSize,
        x,
        y,
        width,
        height,
        overlap,
        generationWidth,
        generationHeight,
        targetWidth,
        targetHeight,
        role,
        scale,
        steps,
        encoding,
        taskReceivedAtMs,
        createdAtMs,
        generationMs,
        edgeSrMs,
        predicted,
        payload,
        edgeWaitMs);
  }

  /** Record key: the task id, so a task's patches stay in one partition, in order. */
  public String key() {
    return taskId;
  }
}
