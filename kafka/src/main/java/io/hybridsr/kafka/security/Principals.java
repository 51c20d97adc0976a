package io.hybridsr.kafka.security;

import io.hybridsr.kafka.Topics;

/**
 * The SCRAM user names of hybridsr's clients. Strimzi {@code KafkaUser} resources use the same
 * names, so these are interfaces: do not rename.
 */
public final class Principals {
  /** The Flink streaming job: reads tasks, writes device topics, results and dead letters. */
  public static final String JOB = "hybridsr-job";

  /** The load generator / task producer: writes tasks only. */
  public static final String LOAD_GENERATOR = "hybridsr-loadgen";

  /** Prefix of a device's user: {@code device-<deviceId>}. */
  public static final String DEVICE_PREFIX = "device-";

  /** The in-JVM broker's superuser (inter-broker traffic and ACL administration). */
  public static final String SUPERUSER = "hybridsr-admin";

  /** The job's consumer group; also the prefix of groups and transactional ids it may use. */
  public static final String JOB_GROUP = "hybridsr-job";

  /** Prefix of a device's consumer group: {@code hybridsr-device-<deviceId>}. */
  public static final String DEVICE_GROUP_PREFIX = "hybridsr-device-";

  private Principals() {}

  /** {@code device-<deviceId>}; refuses an id that {@link Topics#isValidDeviceId} refuses. */
  public static String device(String deviceId) {
    Topics.deviceTopic(deviceId); // validates the id with a clear message
    return DEVICE_PREFIX + deviceId;
  }

  /** {@code hybridsr-device-<deviceId>}: the only group the device's user may join. */
  public static String deviceGroup(String deviceId) {
    Topics.deviceTopic(deviceId);
    return DEVICE_GROUP_PREFIX + deviceId;
  }

  /** {@code User:<name>}, the form ACLs and {@code super.users} use. */
  public static String user(String name) {
    return "User:" + name;
  }
}
