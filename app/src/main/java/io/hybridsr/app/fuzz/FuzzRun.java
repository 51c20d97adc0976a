package io.hybridsr.app.fuzz;

import io.hybridsr.jobs.HybridSrJob;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.broker.EmbeddedKafkaBroker;
import io.hybridsr.kafka.records.DeadLetterHeaders;
import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.operators.plan.SchedulerBatchPlanner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends a fuzz mix through the real job (plan-only, restarts disallowed so any failure shows) and
 * checks that every bad record is dead-lettered with a reason and every good one answered.
 */
public final class FuzzRun {
  /** Header that tells fuzz records apart; the DLQ keeps original headers. */
  public static final String FUZZ_ID = "hybridsr.fuzz-id";

  /** The counts of one run. */
  public record Report(
      long sent,
      long bad,
      long deadLettered,
      long answered,
      long lost,
      long duplicates,
      long misrouted,
      boolean jobRunning,
      Map<String, Long> badByKind,
      Map<String, String> sampleReasons) {
    public String line() {
      return String.format(
          "sent %d, bad %d, dead-lettered %d, answered %d, lost %d, duplicates %d",
          sent, bad, deadLettered, answered, lost, duplicates);
    }
  }

  public Report run(
      int badRecords,
      int goodRecords,
      long seed,
      StreamExecutionEnvironment env,
      LongConsumer progress)
      throws Exception {
    int maxRecordBytes = JobOptions.DEFAULT_MAX_RECORD_BYTES;
    List<FuzzRecords.Item> items =
        new FuzzRecords(seed, maxRecordBytes).generate(badRecords, goodRecords);
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
      String bootstrap = broker.bootstrapServers();
      try (TopicAdmin admin = TopicAdmin.forBootstrap(bootstrap, Map.of())) {
        admin.ensureFixedTopics();
      }
      JobOptions o =
          JobOptions.builder()
              .bootstrapServers(bootstrap)
              .groupId("fuzz")
              .planOnly(true)
              .restartAttempts(0)
              .maxRecordBytes(maxRecordBytes)
              .knownDevices(Set.copyOf(FuzzRecords.KNOWN_DEVICES))
              .knownEdges(Set.copyOf(FuzzRecords.KNOWN_EDGES))
              .build();
      HybridSrJob.wireKafka(env, o, new SchedulerBatchPlanner(null, 1.0, seed), null);
      JobClient job = env.executeAsync("hybridsr fuzz");
      try {
        send(bootstrap, items);
        Map<String, Integer> dlqByFuzzId = new HashMap<>();
        Map<String, String> reasons = new TreeMap<>();
        Map<String, Integer> outcomesByTask = new HashMap<>();
        long expectedDlq = items.stream().filter(i -> !i.good()).count();
        long expectedAnswers = items.stream().filter(FuzzRecords.Item::good).count();
        Map<String, String> kindById = new HashMap<>();
        items.forEach(i -> kindById.put(i.id(), i.kind()));
        read(
            bootstrap,
            dlqByFuzzId,
            reasons,
            kindById,
            outcomesByTask,
            expectedDlq,
            expectedAnswers,
            progress);
        long deadLettered = 0;
        long answered = 0;
        long lost = 0;
        long duplicates = 0;
        long misrouted = 0;
        Map<String, Long> badByKind = new TreeMap<>();
        for (FuzzRecords.Item i : items) {
          if (i.good()) {
            String taskId = io.hybridsr.core.task.TaskJson.parse(i.value()).taskId();
            int n = outcomesByTask.getOrDefault(taskId, 0);
            answered += n > 0 ? 1 : 0;
            lost += n == 0 ? 1 : 0;
            duplicates += Math.max(0, n - 1);
            misrouted += dlqByFuzzId.containsKey(i.id()) ? 1 : 0;
          } else {
            badByKind.merge(i.kind(), 1L, Long::sum);
            int n = dlqByFuzzId.getOrDefault(i.id(), 0);
            deadLettered += n > 0 ? 1 : 0;
            lost += n == 0 ? 1 : 0;
            duplicates += Math.max(0, n - 1);
          }
        }
        boolean running = job.getJobStatus().get() == JobStatus.RUNNING;
        return new Report(
            items.size(),
            expectedDlq,
            deadLettered,
            answered,
            lost,
            duplicates,
            misrouted,
            running,
            badByKind,
            reasons);
      } finally {
        job.cancel().get();
      }
    }
  }

  private static void send(String bootstrap, List<FuzzRecords.Item> items) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (var producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (FuzzRecords.Item i : items) {
        ProducerRecord<byte[], byte[]> rec = new ProducerRecord<>(Topics.TASKS, i.key(), i.value());
        rec.headers().add(FUZZ_ID, i.id().getBytes(StandardCharsets.UTF_8));
        producer.send(rec);
      }
    }
  }

  private static void read(
      String bootstrap,
      Map<String, Integer> dlq,
      Map<String, String> reasons,
      Map<String, String> kindById,
      Map<String, Integer> outcomes,
      long expectedDlq,
      long expectedAnswers,
      LongConsumer progress) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "fuzz-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (var c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(Topics.TASKS_DLQ, Topics.RESULTS));
      // Give up only when nothing new arrived for 60 s (a slow, loaded machine is not a loss).
      long quietSince = System.nanoTime();
      long seen = 0;
      // Read until everything expected arrived and 2 s passed without news (to catch extras).
      while (System.nanoTime() - quietSince < Duration.ofSeconds(60).toNanos()) {
        var batch = c.poll(Duration.ofMillis(200));
        for (var r : batch) {
          if (r.topic().equals(Topics.TASKS_DLQ)) {
            String id = DeadLetterHeaders.read(r.headers(), FUZZ_ID);
            dlq.merge(id == null ? "?" : id, 1, Integer::sum);
            String kind = kindById.getOrDefault(id, "?");
            reasons.putIfAbsent(
                kind,
                DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.FIELD)
                    + ": "
                    + DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON));
          } else {
            Outcome o = JsonCodec.fromBytes(r.value(), Outcome.class);
            outcomes.merge(o.taskId(), 1, Integer::sum);
          }
          seen++;
        }
        if (!batch.isEmpty()) {
          quietSince = System.nanoTime();
          progress.accept(seen);
        }
        boolean all =
            dlq.values().stream().mapToLong(Integer::longValue).sum() >= expectedDlq
                && outcomes.size() >= expectedAnswers;
        if (all && System.nanoTime() - quietSince > Duration.ofSeconds(2).toNanos()) {
          return;
        }
      }
    }
  }
}
