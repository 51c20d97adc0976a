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

  /**
   * Measured service times the job feeds back to its own planner (edge stages from its operators,
   * device stages from relayed device outcomes): written and read by the job only.
   */
  public static final String MEASUREMENTS = "hybridsr.measurements";

  /** Prefix of the per-device patch topics: {@code hybridsr.device.<deviceId>}. */
  public static final String DEVICE_PREFIX = "hybridsr.device.";

  /**
   * Prefix of the per-device outcome topics: {@code hybridsr.outcomes.<deviceId>}. Each device
   * writes its COMPLETED/INCOMPLETE/FAILED outcomes only here (its user may write nothing else);
   * the job checks each against its plan and relays the genuine ones to {@link #RESULTS}.
   *
   * <p>A prefix of its own, not {@code hybridsr.device.<id>.outcomes}: no outcome topic can be
   * matched by the job's {@link #DEVICE_PREFIX} grants (the job may not write outcome topics) nor a
   * patch topic by the outcome grants, and since a device id has no '.', the topic names the device
   * unambiguously.
   */
  public static final String OUTCOMES_PREFIX = "hybridsr.outcomes.";

  /** Device ids become topic names (and ACL principals), so they are held to Kafka's charset. */
  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,200}");

  /** Every device outcome topic, and only those: what the job subscribes to. */
  public static final Pattern DEVICE_OUTCOME_TOPICS =
      Pattern.compile(Pattern.quote(OUTCOMES_PREFIX) + DEVICE_ID.pattern());

  private Topics() {}

  public static boolean isValidDeviceId(String deviceId) {
    return deviceId != null && DEVICE_ID.matcher(deviceId).matches();
  }

  /** The patch topic of one device; refuses an id that cannot be a topic name. */
  public static String deviceTopic(String deviceId) {
    if (!isValidDeviceId(deviceId)) {
      throw new IllegalArgumentException(
          "deviceId must match "
              + DEVICE_ID.pattern()
              + " (it names a Kafka topic), got: "
              + (deviceId == null ? "null" : "'" + deviceId + "'"));
    }
    return DEVICE_PREFIX + deviceId;
  }

  /** The outcome topic of one device, {@code hybridsr.outcomes.<deviceId>}; refuses a bad id. */
  public static String deviceOutcomeTopic(String deviceId) {
    deviceTopic(deviceId); // validates with the same message
    return OUTCOMES_PREFIX + deviceId;
  }

  /**
   * The device whose outcome topic {@code topic} is, or null when {@code topic} is not one. The
   * topic, not the record, says who wrote an outcome: only that device's user may write it.
   */
  public static String deviceOfOutcomeTopic(String topic) {
    if (topic == null || !DEVICE_OUTCOME_TOPICS.matcher(topic).matches()) {
      return null;
    }
    return topic.substring(OUTCOMES_PREFIX.length());
  }

  /**
   * The layout of each fixed topic; device topics use {@link #deviceSpec} and {@link
   * #deviceOutcomeSpec}.
   */
  public static final TopicSpec TASKS_SPEC =
      new TopicSpec(TASKS, 4, Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));

  public static final TopicSpec DLQ_SPEC =
      new TopicSpec(TASKS_DLQ, 1, Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000)));

  public static final TopicSpec RESULTS_SPEC =
      new TopicSpec(RESULTS, 4, Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));

  /** Measurements: keyed by edge, one day of retention (older speeds are stale anyway). */
  public static final TopicSpec MEASUREMENTS_SPEC =
      new TopicSpec(MEASUREMENTS, 4, Map.of("retention.ms", String.valueOf(24L * 3600 * 1000)));

  /**
   * Device topics: one partition (one consumer per device, patches in order), one day of retention
   * (a device offline longer has lost its tasks anyway), 16 MiB records (a 2K foreground patch as
   * PNG fits with room).
   */
  public static TopicSpec deviceSpec(String deviceId) {
    return new TopicSpec(
        deviceTopic(deviceId),
        1,
        Map.of(
            "retention.ms", String.valueOf(24L * 3600 * 1000),
            "max.message.bytes", String.valueOf(MAX_PATCH_RECORD_BYTES)));
  }

  /**
   * Device outcome topics: one partition (one writer, outcomes in order), seven days of retention
   * like {@link #RESULTS}, so outcomes wait for a job that is down for a while.
   */
  public static TopicSpec deviceOutcomeSpec(String deviceId) {
    return new TopicSpec(
        deviceOutcomeTopic(deviceId),
        1,
        Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));
  }

  /** The largest patch record a device topic accepts; producers must allow as much. */
  public static final int MAX_PATCH_RECORD_BYTES = 16 * 1024 * 1024;

  public static List<TopicSpec> fixedTopics() {
    return List.of(TASKS_SPEC, DLQ_SPEC, RESULTS_SPEC, MEASUREMENTS_SPEC);
  }
}
