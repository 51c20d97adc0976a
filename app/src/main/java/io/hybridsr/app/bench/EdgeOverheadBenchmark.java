package io.hybridsr.app.bench;

import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.jobs.GpuEdgeStage;
import io.hybridsr.jobs.HybridSrJob;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.broker.EmbeddedKafkaBroker;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.kafka.records.PatchRecordSerde;
import io.hybridsr.operators.edge.EdgeModelSpec;
import io.hybridsr.operators.plan.SchedulerBatchPlanner;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
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
 * Per-task pipeline overhead with models: tasks are sent one at a time (K = 1, so no window wait
 * and no queue), and the time from sending a task to receiving its last patch is split into model
 * time (SDXL generation, and partition + edge SR as the operators measure them) and everything else
 * (Kafka in and out, parsing, admission, scheduling, async hand-offs).
 */
public final class EdgeOverheadBenchmark {
  /**
   * One task's split. The overhead is further split by the patch's own timestamps (one JVM, one
   * clock): {@code inMs} from sending to the job parsing the task, {@code jobMs} from there to the
   * patches' stamp (taken once all are cut and the foreground upscaled) less SDXL and the edge SR
   * (window, schedule, hand-offs, the variance partition), {@code outMs} from the stamp to the last
   * patch received (routing, serialisation, the Kafka sink and the device's fetch).
   */
  public record Sample(
      String taskId,
      double endToEndMs,
      double generationMs,
      double edgeSrMs,
      double inMs,
      double jobMs,
      double outMs) {
    public double overheadMs() {
      return endToEndMs - generationMs - edgeSrMs;
    }
  }

  private final PrintStream out;

  public EdgeOverheadBenchmark(PrintStream out) {
    this.out = out;
  }

  public List<Sample> run(
      EdgeModelSpec models, List<String> prompts, int tasks, int width, int height)
      throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
      String bootstrap = broker.bootstrapServers();
      try (TopicAdmin admin = TopicAdmin.forBootstrap(bootstrap, Map.of())) {
        admin.ensureFixedTopics();
        admin.ensureDeviceTopic("bench-dev");
      }
      JobOptions o =
          JobOptions.builder()
              .bootstrapServers(bootstrap)
              .groupId("bench-edge")
              .batchSize(1)
              .maxWait(Duration.ofMillis(50))
              .build();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      HybridSrJob.wireKafka(
          env, o, new SchedulerBatchPlanner(null, 1.0, 1), new GpuEdgeStage(models, 8));
      JobClient job = env.executeAsync("hybridsr bench pipeline (models)");
      Properties pp = new Properties();
      pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      pp.put(ProducerConfig.LINGER_MS_CONFIG, "0");
      Properties cp = new Properties();
      cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      cp.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
      cp.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      cp.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_PATCH_RECORD_BYTES);
      cp.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
      List<Sample> samples = new ArrayList<>();
      try (var producer =
              new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer());
          var consumer =
              new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        consumer.subscribe(List.of(Topics.deviceTopic("bench-dev")));
        consumer.poll(Duration.ofMillis(500));
        // One warm-up task: sessions open and the JIT compiles on the first.
        for (int i = -1; i < tasks; i++) {
          Task t =
              new Task(
                  "bench-edge-" + (i + 1),
                  "u",
                  "bench-dev",
                  "edge-1",
                  width,
                  height,
                  0.5,
                  prompts.get(Math.floorMod(i * 31, prompts.size())));
          long sent = System.nanoTime();
          long sentMs = System.currentTimeMillis();
          producer
              .send(
                  new ProducerRecord<>(
                      Topics.TASKS,
                      t.userId().getBytes(StandardCharsets.UTF_8),
                      TaskJson.formatBytes(t)))
              .get();
          int got = 0;
          PatchRecord last = null;
          long deadline = sent + Duration.ofMinutes(5).toNanos();
          while ((last == null || got < last.patchCount()) && System.nanoTime() < deadline) {
            for (var r : consumer.poll(Duration.ofMillis(5))) {
              PatchRecord p = PatchRecordSerde.read(r.headers(), r.value());
              if (p.taskId().equals(t.taskId())) {
                got++;
                last = p;
              }
            }
          }
          double e2e = (System.nanoTime() - sent) / 1e6;
          if (last == null) {
            throw new IllegalStateException("no patches for " + t.taskId() + " within 5 minutes");
          }
          if (i >= 0) {
            double in = last.taskReceivedAtMs() - sentMs;
            // Every patch is stamped once all are cut and the foreground upscaled, so the edge SR
            // lies between the task's arrival in the job and the stamp, not after it.
            double inJob =
                last.createdAtMs()
                    - last.taskReceivedAtMs()
                    - last.generationMillis()
                    - last.edgeSrMillis();
            Sample s =
                new Sample(
                    t.taskId(),
                    e2e,
                    last.generationMillis(),
                    last.edgeSrMillis(),
                    in,
                    inJob,
                    e2e - last.generationMillis() - last.edgeSrMillis() - in - inJob);
            samples.add(s);
            out.printf(
                "  %-14s S=%d D=%2d  end to end %8.1f ms = SDXL %8.1f + partition/edge SR %8.1f + rest %6.1f ms"
                    + " (in %.0f, job %.0f, out %.0f)%n",
                t.taskId(),
                last.scale(),
                last.steps(),
                e2e,
                s.generationMs(),
                s.edgeSrMs(),
                s.overheadMs(),
                s.inMs(),
                s.jobMs(),
                s.outMs());
          }
        }
      } finally {
        job.cancel().get();
      }
      return samples;
    }
  }
}
