package io.hybridsr.app;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.inference.store.RealEsrganModel;
import io.hybridsr.jobs.GpuEdgeStage;
import io.hybridsr.jobs.HybridSrJob;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.kafka.Topics;
import io.hybridsr.operators.edge.EdgeModelSpec;
import io.hybridsr.operators.plan.SchedulerBatchPlanner;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Tasks offered far faster than the models can serve them, for {@code hybridsr.soak.minutes}
 * (default 10): the async operators' bounded capacity pushes back to the Kafka source, tasks wait
 * in Kafka rather than in memory, and the heap after GC stays flat. Long: runs only with {@code
 * -Dhybridsr.long=true}.
 */
@EnabledIfSystemProperty(named = "hybridsr.long", matches = "true")
class BackPressureSoakITCase extends BrokerAndFlinkTestBase {

  @Test
  void shouldKeepTheHeapFlatWhileSaturated() throws Exception {
    double minutes = Double.parseDouble(System.getProperty("hybridsr.soak.minutes", "10"));
    JobOptions o =
        JobOptions.builder()
            .bootstrapServers(broker.bootstrapServers())
            .groupId("soak")
            .batchSize(10)
            .maxWait(Duration.ofMillis(200))
            .gpuSlots(1)
            .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    HybridSrJob.wireKafka(
        env,
        o,
        new SchedulerBatchPlanner(null, 1.0, 1),
        new GpuEdgeStage(new EdgeModelSpec(null, null, 1, RealEsrganModel.X4FAST), 4));
    JobClient job = env.executeAsync("soak");
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    List<Long> heap = new ArrayList<>();
    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    long sent = 0;
    try (var producer =
        new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
      long end = System.nanoTime() + (long) (minutes * 60e9);
      long nextSample = System.nanoTime();
      while (System.nanoTime() < end) {
        // 20 tasks a second: many times what one CPU slot can generate and upscale.
        for (int i = 0; i < 20; i++, sent++) {
          Task t =
              new Task(
                  "soak-" + sent,
                  "u" + sent % 100,
                  "soakdev" + sent % 4,
                  "edge-soak",
                  512,
                  512,
                  0.5,
                  "a field of sunflowers " + sent);
          producer.send(new ProducerRecord<>(Topics.TASKS, TaskJson.formatBytes(t)));
        }
        Thread.sleep(1000);
        if (System.nanoTime() >= nextSample) {
          System.gc();
          heap.add(mem.getHeapMemoryUsage().getUsed());
          nextSample = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        }
      }
    } finally {
      job.cancel().get();
    }
    int third = Math.max(1, heap.size() / 3);
    double early = heap.subList(0, third).stream().mapToLong(Long::longValue).average().orElse(0);
    double late =
        heap.subList(heap.size() - third, heap.size()).stream()
            .mapToLong(Long::longValue)
            .average()
            .orElse(0);
    System.out.printf(
        "soak: %.1f min, %d tasks offered, heap after GC early %.0f MiB, late %.0f MiB%n",
        minutes, sent, early / 1048576, late / 1048576);
    assertTrue(
        late < early * 1.5 + 64 * 1048576,
        "heap grew from " + early / 1048576 + " to " + late / 1048576 + " MiB while saturated");
  }
}
