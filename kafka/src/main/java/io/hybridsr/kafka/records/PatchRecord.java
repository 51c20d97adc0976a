package io.hybridsr.kafka.records;

import java.util.Objects;

/**
 * One image patch on its way from the edge to a device.
 *
 * <p>Geometry is in pixels of the generated image (generation size R): the core rectangle the
 * patch owns ({@code x, y, width, height}) and the overlap margin it carries on each side (clipped
 * at the image border) for feathered stitching. The payload is the padded rectangle: at
 * generation resolution for a background patch (the device upscales it by {@code scale}),
 * already upscaled by {@code scale} for a foreground patch. The stitched image is
 * {@code scale x R}; the device resamples it to the target size R~ when rounding made them differ.
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
    if (overlap < 0 || x < 0 || y < 0 || x + width > generationWidth
        || y + height > generationHeight) {
      throw new IllegalArgumentException("patch " + width + "x" + height + "+" + x + "+" + y
          + " (overlap " + overlap + ") outside the generated " + generationWidth + "x"
          + generationHeight + " image");
    }
  }

  /** Record key: the task id, so a task's patches stay in one partition, in order. */
  public String key() {
    return taskId;
  }
}
