package io.hybridsr.app;

import io.hybridsr.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients for tests: send raw records, read a topic until a condition holds. */
final class KafkaTestIO {
  private KafkaTestIO() {}

  static void send(String bootstrap, String topic, List<String> values) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_PATCH_RECORD_BYTES);
    try (var producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (String v : values) {
        producer.send(
            new ProducerRecord<>(topic, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /**
   * Reads {@code topic} from the start until {@code done} holds for what was read; fails, naming
   * the topic, if it does not within {@code timeout}. (It once returned what it had at the
   * deadline, and a test that timed out failed later on a misleading assertion.)
   */
  static List<ConsumerRecord<byte[], byte[]>> readUntil(
      String bootstrap,
      String topic,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
      Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> got = read(bootstrap, topic, done, timeout);
    if (!done.test(got)) {
      throw new AssertionError(
          "the awaited records did not reach "
              + topic
              + " within "
              + timeout
              + " ("
              + got.size()
              + " records read)");
    }
    return got;
  }

  /**
   * Everything {@code topic} holds from its start and receives for {@code duration}: for checks
   * that late repeats did not arrive.
   */
  static List<ConsumerRecord<byte[], byte[]>> readFor(
      String bootstrap, String topic, Duration duration) {
    return read(bootstrap, topic, r -> false, duration);
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(
      String bootstrap,
      String topic,
      Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
      Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_PATCH_RECORD_BYTES);
    List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
    try (var c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(got) && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(got::add);
      }
    }
    return got;
  }

  /**
   * Everything on {@code topic} at the time of the call: reads every partition from the start up to
   * the end offsets taken first (fails if that takes longer than {@code timeout}).
   */
  static List<ConsumerRecord<byte[], byte[]>> readToEnd(
      String bootstrap, String topic, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_PATCH_RECORD_BYTES);
    List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
    try (var c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<org.apache.kafka.common.TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      var end = c.endOffsets(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end within " + timeout);
        }
        c.poll(Duration.ofMillis(200)).forEach(got::add);
      }
    }
    return got;
  }

  /**
   * How many outcomes of {@code status} each task id has among {@code records} of the results
   * topic.
   */
  static java.util.Map<String, Integer> countByTask(
      List<ConsumerRecord<byte[], byte[]>> records,
      io.hybridsr.kafka.records.Outcome.Status status) {
    java.util.Map<String, Integer> n = new java.util.HashMap<>();
    for (var r : records) {
      var o =
          io.hybridsr.kafka.records.JsonCodec.fromBytes(
              r.value(), io.hybridsr.kafka.records.Outcome.class);
      if (o.status() == status) {
        n.merge(o.taskId(), 1, Integer::sum);
      }
    }
    return n;
  }
}
