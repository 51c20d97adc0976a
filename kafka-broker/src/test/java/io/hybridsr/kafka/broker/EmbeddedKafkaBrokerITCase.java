package io.hybridsr.kafka.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.kafka.records.PatchRecordSerde;
import io.hybridsr.kafka.records.PatchRole;
import io.hybridsr.kafka.records.PayloadEncoding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The in-JVM KRaft broker is a real broker: topics, large records, headers, consumer groups. */
class EmbeddedKafkaBrokerITCase {
  static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafkaBroker.builder().build().start();
  }

  @AfterAll
  static void stop() {
    broker.close();
  }

  @Test
  void shouldCreateTopicsIdempotentlyWithTheirDocumentedLayout() throws Exception {
    try (TopicAdmin admin = TopicAdmin.forBootstrap(broker.bootstrapServers(), Map.of())) {
      admin.ensureFixedTopics();
      admin.ensureFixedTopics();
      admin.ensureDeviceTopic("jetson-01");
      var names = admin.admin().listTopics().names().get();
      assertTrue(
          names.containsAll(
              List.of(Topics.TASKS, Topics.TASKS_DLQ, Topics.RESULTS, "hybridsr.device.jetson-01")),
          names.toString());
      var desc =
          admin
              .admin()
              .describeTopics(List.of(Topics.TASKS, "hybridsr.device.jetson-01"))
              .allTopicNames()
              .get();
      assertEquals(Topics.TASKS_SPEC.partitions(), desc.get(Topics.TASKS).partitions().size());
      assertEquals(1, desc.get("hybridsr.device.jetson-01").partitions().size());
    }
  }

  @Test
  void shouldCarryAMultiMegabytePatchWithItsHeadersToTheDeviceTopic() {
    String topic;
    try (TopicAdmin admin = TopicAdmin.forBootstrap(broker.bootstrapServers(), Map.of())) {
      topic = admin.ensureDeviceTopic("jetson-02");
    }
    byte[] payload = new byte[3 * 1024 * 1024];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31);
    }
    PatchRecord sent =
        new PatchRecord(
            "task-1",
            "bob",
            "jetson-02",
            0,
            1,
            0,
            0,
            1,
            0,
            0,
            64,
            64,
            0,
            64,
            64,
            64,
            64,
            PatchRole.FOREGROUND,
            1,
            10,
            PayloadEncoding.RAW_F32,
            1L,
            2L,
            0L,
            0L,
            "",
            payload);

    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    pp.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_PATCH_RECORD_BYTES);
    try (var producer =
        new KafkaProducer<>(pp, new StringSerializer(), new PatchRecordSerde.KafkaSerializer())) {
      producer.send(new ProducerRecord<>(topic, sent.key(), sent)).get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    Properties cp = new Properties();
    cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    cp.put(ConsumerConfig.GROUP_ID_CONFIG, "device-jetson-02");
    cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    cp.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_PATCH_RECORD_BYTES);
    List<PatchRecord> got = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            cp, new StringDeserializer(), new PatchRecordSerde.KafkaDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 30_000;
      while (got.isEmpty() && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, PatchRecord> r : consumer.poll(Duration.ofMillis(500))) {
          got.add(r.value());
        }
      }
    }
    assertEquals(1, got.size());
    assertEquals("task-1", got.get(0).taskId());
    assertEquals(PatchRole.FOREGROUND, got.get(0).role());
    assertArrayEquals(payload, got.get(0).payload());
  }
}
