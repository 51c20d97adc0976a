package io.hybridsr.device;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One device's settings.
 *
 * @param deviceId the device; it reads {@code hybridsr.device.<deviceId>}
 * @param bootstrapServers Kafka
 * @param outputDir where final images go, one {@code <taskId>.png} each
 * @param taskDeadline how long after its first patch a task may wait for the rest
 * @param linkBitsPerSecond emulated edge-device bandwidth (link emulation), or 0 for none
 * @param kafkaOverrides extra client settings (security, timeouts)
 * @param partitionOverlay also write {@code <taskId>.partition.png}: the image with its foreground
 *     (red) and background (green) patches drawn
 */
public record DeviceConfig(
    String deviceId,
    String bootstrapServers,
    Path outputDir,
    Duration taskDeadline,
    double linkBitsPerSecond,
    Map<String, Object> kafkaOverrides,
    boolean partitionOverlay) {

  public DeviceConfig {
    if (!io.hybridsr.kafka.Topics.isValidDeviceId(deviceId)) {
      throw new IllegalArgumentException(
          "device id must match [A-Za-z0-9_-]{1,200}, got '" + deviceId + "'");
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers are required");
    }
    if (taskDeadline == null || taskDeadline.isNegative() || taskDeadline.isZero()) {
      throw new IllegalArgumentException("task deadline must be positive");
    }
    if (linkBitsPerSecond < 0) {
      throw new IllegalArgumentException("link bandwidth must be >= 0, got " + linkBitsPerSecond);
    }
    kafkaOverrides = Map.copyOf(kafkaOverrides);
  }

  public String groupId() {
    return "hybridsr-device-" + deviceId;
  }
}
