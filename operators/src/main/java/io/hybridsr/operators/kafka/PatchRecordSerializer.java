package io.hybridsr.operators.kafka;

import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.kafka.records.PatchRecordSerde;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Routes each patch to its device's topic, {@code hybridsr.device.<deviceId>}, keyed by task. */
public final class PatchRecordSerializer implements KafkaRecordSerializationSchema<PatchRecord> {
  private static final long serialVersionUID = 1L;

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      PatchRecord p, KafkaSinkContext context, Long timestamp) {
    RecordHeaders h = new RecordHeaders();
    PatchRecordSerde.writeHeaders(p, h);
    return new ProducerRecord<>(
        Topics.deviceTopic(p.deviceId()),
        null,
        p.key().getBytes(StandardCharsets.UTF_8),
        p.payload(),
        h);
  }
}
