package io.hybridsr.kafka;

import java.util.Map;

/**
 * A topic's name, partition count and configs. Replication is chosen at creation time from the
 * cluster (min of 3 and the broker count), so the same layout works on one in-JVM broker and on a
 * production cluster.
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
  public TopicSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1");
    }
    configs = Map.copyOf(configs);
  }
}
