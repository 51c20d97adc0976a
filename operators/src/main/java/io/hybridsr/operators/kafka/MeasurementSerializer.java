package io.hybridsr.operators.kafka;

import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.Measurement;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Measurements as JSON on {@code hybridsr.measurements}, keyed by edge (one planner reads them).
 */
public final class MeasurementSerializer implements KafkaRecordSerializationSchema<Measurement> {
  private static final long serialVersionUID = 1L;

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      Measurement m, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(
        Topics.MEASUREMENTS, m.edgeId().getBytes(StandardCharsets.UTF_8), JsonCodec.toBytes(m));
  }
}
