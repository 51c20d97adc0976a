package io.hybridsr.kafka;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every topic the system uses, in one place, with its layout.
 *
 * <p>Partitions and retention are sized for one edge site: tasks and results are keyed by user
 * (order per user is all that matters), device topics carry one device's patches so a single
 * partition keeps a task's patches in order and lets one consumer own the device.
 */
public final class Topics {
  /** Input: one JSON task per record (schema: {@code schemas/task.schema.json}). */
  public static final String TASKS = "hybridsr.tasks";
  /** Dead letters: the original bytes and headers of each record the job refused, with why. */
  public static final String TASKS_DLQ = "hybridsr.tasks.dlq";
  /** Per-task outcomes: planned configuration, predicted and measured timings, failures. */
  public static final String RESULTS = "hybridsr.results";
  /** Prefix of the per-device patch topics: {@code hybridsr.device.<deviceId>}. */
  public static final String DEVICE_PREFIX = "hybridsr.device.";

  /** Device ids become topic names (and ACL principals), so they are held to Kafka's charset. */
  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");

  private Topics() {}

  public static boolean isValidDeviceId(String deviceId) {
    return deviceId != null && DEVICE_ID.matcher(deviceId).matches();
  }

  /** The patch topic of one device; refuses an id that cannot be a topic name. */
  public static String deviceTopic(String deviceId) {
    if (!isValidDeviceId(deviceId)) {
      throw new IllegalArgumentException(
          "deviceId must match " + DEVICE_ID.pattern() + " (it names a Kafka topic), got: "
              + (deviceId == null ? "null" : "'" + deviceId + "'"));
    }
    return DEVICE_PREFIX + deviceId;
  }

  /** The layout of each fixed topic; device topics use {@link #DEVICE}. */
  public static final TopicSpec TASKS_SPEC =
      new TopicSpec(TASKS, 4, Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));

  public static final TopicSpec DLQ_SPEC =
      new TopicSpec(TASKS_DLQ, 1, Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000)));

  public static final TopicSpec RESULTS_SPEC =
      new TopicSpec(RESULTS, 4, Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));

  /**
   * Device topics: one partition (one consumer per device, patches in order), one day of
   * retention (a device offline longer has lost its tasks anyway), 16 MiB records (a 2K
   * foreground patch as PNG fits with room).
   */
  public static TopicSpec deviceSpec(String deviceId) {
    return new TopicSpec(
        deviceTopic(deviceId),
        1,
        Map.of(
            "retention.ms", String.valueOf(24L * 3600 * 1000),
            "max.message.bytes", String.valueOf(MAX_PATCH_RECORD_BYTES)));
  }

  /** The largest patch record a device topic accepts; producers must allow as much. */
  public static final int MAX_PATCH_RECORD_BYTES = 16 * 1024 * 1024;

  public static List<TopicSpec> fixedTopics() {
    return List.of(TASKS_SPEC, DLQ_SPEC, RESULTS_SPEC);
  }
}
