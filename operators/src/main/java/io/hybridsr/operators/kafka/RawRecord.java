package io.hybridsr.operators.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Kafka record as it arrived, bytes untouched, with where it came from.
 *
 * <p>The job parses after reading, not in the deserializer, so that a record that does not parse
 * can go to the dead-letter topic with its original bytes, headers, partition and offset.
 */
public class RawRecord {
  public byte[] key;
  public byte[] value;
  public LinkedHashMap<String, byte[]> headers = new LinkedHashMap<>();
  public String topic;
  public int partition;
  public long offset;
  public long timestamp;

  public RawRecord() {}

  public RawRecord(
      byte[] key,
      byte[] value,
      Map<String, byte[]> headers,
      String topic,
      int partition,
      long offset,
      long timestamp) {
    this.key = key;
    this.value = value;
    this.headers = new LinkedHashMap<>(headers);
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
  }

  public int sizeBytes() {
    return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
  }
}
