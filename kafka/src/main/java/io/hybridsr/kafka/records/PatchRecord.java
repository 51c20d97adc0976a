package io.hybridsr.kafka.records;

import java.util.Objects;

/**
 * One image patch on its way from the edge to a device.
 *
 * <p>Geometry is in pixels of the final (target-resolution) image: the core rectangle the patch
 * owns ({@code x, y, width, height}) and the overlap margin it carries on each side for
 * feathered stitching. A background patch's payload is at generation resolution (1/scale of the
 * padded rectangle); a foreground patch's is already at target resolution.
 *
 * @param patchCount how many patches make the task's image: the device stitches when it has all
 * @param createdAtMs when the edge produced the patch (epoch ms)
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
    int targetWidth,
    int targetHeight,
    PatchRole role,
    int scale,
    int steps,
    PayloadEncoding encoding,
    long taskReceivedAtMs,
    long createdAtMs,
    byte[] payload) {

  public PatchRecord {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(payload, "payload");
    if (patchIndex < 0 || patchIndex >= patchCount) {
      throw new IllegalArgumentException(
          "patchIndex " + patchIndex + " outside [0, patchCount=" + patchCount + ")");
    }
    if (width <= 0 || height <= 0 || scale <= 0) {
      throw new IllegalArgumentException("patch width, height and scale must be positive");
    }
  }

  /** Record key: the task id, so a task's patches stay in one partition, in order. */
  public String key() {
    return taskId;
  }
}
