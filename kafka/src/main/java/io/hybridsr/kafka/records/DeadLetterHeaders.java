package io.hybridsr.kafka.records;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Headers a dead letter carries beside the original record's bytes and headers: why it was refused,
 * which field, and where it came from, so it can be found, fixed and replayed.
 */
public final class DeadLetterHeaders {
  public static final String REASON = "hybridsr.dlq.reason";
  public static final String FIELD = "hybridsr.dlq.field";
  public static final String SOURCE_TOPIC = "hybridsr.dlq.source-topic";
  public static final String SOURCE_PARTITION = "hybridsr.dlq.source-partition";
  public static final String SOURCE_OFFSET = "hybridsr.dlq.source-offset";
  public static final String FAILED_AT = "hybridsr.dlq.failed-at-ms";

  private DeadLetterHeaders() {}

  /** Adds the dead-letter headers to {@code h} (the original headers stay). */
  public static void write(
      Headers h,
      String reason,
      String field,
      String topic,
      int partition,
      long offset,
      long nowMs) {
    set(h, REASON, reason);
    set(h, FIELD, field == null ? "" : field);
    set(h, SOURCE_TOPIC, topic);
    set(h, SOURCE_PARTITION, Integer.toString(partition));
    set(h, SOURCE_OFFSET, Long.toString(offset));
    set(h, FAILED_AT, Long.toString(nowMs));
  }

  public static String read(Headers h, String key) {
    var header = h.lastHeader(key);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static void set(Headers h, String key, String value) {
    h.remove(key);
    h.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
