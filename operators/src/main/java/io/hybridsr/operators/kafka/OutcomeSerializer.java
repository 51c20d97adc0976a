package io.hybridsr.operators.kafka;

import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.Outcome;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Outcomes as JSON on {@code hybridsr.results}, keyed by task id. */
public final class OutcomeSerializer implements KafkaRecordSerializationSchema<Outcome> {
  private static final long serialVersionUID = 1L;

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      Outcome o, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(
        Topics.RESULTS, o.taskId().getBytes(StandardCharsets.UTF_8), JsonCodec.toBytes(o));
  }
}
