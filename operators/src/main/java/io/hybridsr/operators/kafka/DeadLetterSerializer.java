package io.hybridsr.operators.kafka;

import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.DeadLetterHeaders;
import java.util.Map;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Writes a dead letter: original key, value and headers, plus the dead-letter headers. */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
  private static final long serialVersionUID = 1L;
  private final String topic;

  public DeadLetterSerializer() {
    this(Topics.TASKS_DLQ);
  }

  public DeadLetterSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      DeadLetter d, KafkaSinkContext context, Long timestamp) {
    RecordHeaders h = new RecordHeaders();
    for (Map.Entry<String, byte[]> e : d.original.headers.entrySet()) {
      h.add(e.getKey(), e.getValue());
    }
    DeadLetterHeaders.write(
        h,
        d.reason,
        d.field,
        d.original.topic,
        d.original.partition,
        d.original.offset,
        d.failedAtMs);
    return new ProducerRecord<>(topic, null, d.original.key, d.original.value, h);
  }
}
