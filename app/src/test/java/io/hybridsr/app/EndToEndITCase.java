package io.hybridsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.Picture;
import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.device.DeviceConfig;
import io.hybridsr.device.DeviceConsumer;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.inference.store.RealEsrganModel;
import io.hybridsr.jobs.GpuEdgeStage;
import io.hybridsr.jobs.HybridSrJob;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.operators.edge.EdgeModelSpec;
import io.hybridsr.operators.plan.SchedulerBatchPlanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks in, final PNGs out: the job on a MiniCluster and two device consumers against the in-JVM
 * broker. One device is stopped and restarted mid-run; every valid task still gets exactly one
 * image of its target size and one COMPLETED outcome with measured timings.
 */
class EndToEndITCase extends BrokerAndFlinkTestBase {
  @Test
  void shouldTurnEveryValidTaskIntoOneImageEvenAcrossADeviceRestart(@TempDir Path out)
      throws Exception {
    List<Task> tasks = new ArrayList<>();
    int[][] sizes = {{512, 512}, {768, 512}, {640, 384}};
    for (int i = 0; i < 6; i++) {
      int[] s = sizes[i % sizes.length];
      tasks.add(
          new Task(
              "task-" + i,
              "user" + i,
              "dev" + (i % 2),
              "edge-a",
              s[0],
              s[1],
              (i % 4) / 3.0,
              "an old map of a coastal town " + i));
    }
    List<String> records = new ArrayList<>(tasks.stream().map(TaskJson::format).toList());
    records.add("{\"taskId\":\"bad\"}");
    records.add("{{{{");
    try (TopicAdmin admin = TopicAdmin.forBootstrap(broker.bootstrapServers(), Map.of())) {
      admin.ensureFixedTopics();
      admin.ensureDeviceTopic("dev0");
      admin.ensureDeviceTopic("dev1");
    }
    EdgeModelSpec models = new EdgeModelSpec(null, null, 1, RealEsrganModel.X4FAST);
    SuperResolver deviceSr = models.openDeviceSr();
    JobOptions o =
        JobOptions.builder()
            .bootstrapServers(broker.bootstrapServers())
            .groupId("e2e")
            .batchSize(3)
            .maxWait(Duration.ofMillis(300))
            .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    HybridSrJob.wireKafka(
        env, o, new SchedulerBatchPlanner(null, 1.0, 11), new GpuEdgeStage(models, 4));
    JobClient job = env.executeAsync("e2e");

    DeviceConsumer dev0 = device("dev0", out, deviceSr);
    DeviceConsumer dev1 = device("dev1", out, deviceSr);
    Thread t0 = start(dev0);
    Thread t1 = start(dev1);
    try {
      KafkaTestIO.send(broker.bootstrapServers(), Topics.TASKS, records);
      // Restart dev0 once it has finished one task and still has others to do.
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (dev0.stats().completed.get() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertTrue(dev0.stats().completed.get() >= 1, "dev0 finished a task before the restart");
      dev0.close();
      t0.join();
      DeviceConsumer dev0b = device("dev0", out, deviceSr);
      Thread t0b = start(dev0b);

      var results =
          KafkaTestIO.readUntil(
              broker.bootstrapServers(),
              Topics.RESULTS,
              r ->
                  r.stream().filter(x -> status(x.value()) == Outcome.Status.COMPLETED).count()
                      >= tasks.size(),
              Duration.ofSeconds(180));
      dev0b.close();
      dev1.close();
      t0b.join();
      t1.join();

      Map<String, Integer> completed = new HashMap<>();
      for (var r : results) {
        Outcome oc = JsonCodec.fromBytes(r.value(), Outcome.class);
        assertTrue(
            oc.status() != Outcome.Status.FAILED && oc.status() != Outcome.Status.INCOMPLETE,
            oc.taskId() + ": " + oc.reason());
        if (oc.status() == Outcome.Status.COMPLETED) {
          completed.merge(oc.taskId(), 1, Integer::sum);
          assertNotNull(oc.measured(), "measured timings");
          assertNotNull(oc.predicted(), "predictions travel to the device");
          assertTrue(oc.measured().total() > 0);
        }
      }
      for (Task t : tasks) {
        assertEquals(
            1, completed.getOrDefault(t.taskId(), 0), "one COMPLETED outcome for " + t.taskId());
        Path img = out.resolve(t.deviceId()).resolve(t.taskId() + ".png");
        Picture p = ImageFiles.read(img);
        assertEquals(t.targetWidth(), p.width(), t.taskId());
        assertEquals(t.targetHeight(), p.height(), t.taskId());
      }
      try (Stream<Path> files = Files.walk(out)) {
        assertEquals(
            tasks.size(),
            files.filter(f -> f.toString().endsWith(".png")).count(),
            "no extra or half-written images");
      }
      var dlq =
          KafkaTestIO.readUntil(
              broker.bootstrapServers(),
              Topics.TASKS_DLQ,
              r -> r.size() >= 2,
              Duration.ofSeconds(20));
      assertEquals(2, dlq.size());
    } finally {
      job.cancel().get();
    }
  }

  private static Outcome.Status status(byte[] json) {
    return JsonCodec.fromBytes(json, Outcome.class).status();
  }

  private DeviceConsumer device(String id, Path out, SuperResolver sr) {
    return new DeviceConsumer(
        new DeviceConfig(
            id,
            broker.bootstrapServers(),
            out.resolve(id),
            Duration.ofSeconds(120),
            0,
            Map.of(),
            false),
        sr);
  }

  private static Thread start(DeviceConsumer d) {
    Thread t = new Thread(d, "device");
    t.start();
    return t;
  }
}
