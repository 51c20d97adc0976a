package io.hybridsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageFiles;
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
import io.hybridsr.operators.ingest.ArrivedTask;
import io.hybridsr.operators.plan.BatchPlanner;
import io.hybridsr.operators.plan.PlannedTask;
import io.hybridsr.operators.plan.SchedulerBatchPlanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery guarantee, tested: the job checkpoints (exactly-once state), sinks are at-least-once and
 * the devices are idempotent by task and patch id. After an operator failure and a lost TaskManager
 * mid-run every accepted task has exactly one image and one COMPLETED outcome from its device,
 * relayed to the results (a repeat after recovery is the same record); a stop with savepoint and a
 * restart from it lose and duplicate nothing.
 */
class FaultToleranceITCase extends BrokerAndFlinkTestBase {
  /** The real planner, except that its third window throws once: a mid-run operator failure. */
  static final class FailingOncePlanner implements BatchPlanner {
    static final AtomicInteger CALLS = new AtomicInteger();
    static final AtomicInteger FAILURES = new AtomicInteger();
    private final SchedulerBatchPlanner real = new SchedulerBatchPlanner(null, 1.0, 5);

    @Override
    public List<PlannedTask> plan(String edgeId, List<ArrivedTask> window) {
      if (CALLS.incrementAndGet() == 3 && FAILURES.getAndIncrement() == 0) {
        throw new IllegalStateException("injected failure in the scheduling operator");
      }
      return real.plan(edgeId, window);
    }
  }

  @Test
  void shouldRecoverFromAnOperatorFailureAndALostTaskManager(
      @TempDir Path out, @InjectMiniCluster MiniCluster cluster) throws Exception {
    String topicSuffix = "ft";
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tasks.add(
          new Task(
              "ft-" + i,
              "user" + i,
              "ftdev" + (i % 2),
              "edge-" + topicSuffix,
              i % 2 == 0 ? 512 : 640,
              512,
              (i % 3) / 2.0,
              "a lantern on a pier, night " + i));
    }
    try (TopicAdmin admin = TopicAdmin.forBootstrap(broker.bootstrapServers(), Map.of())) {
      admin.ensureDeviceTopic("ftdev0");
      admin.ensureDeviceTopic("ftdev1");
    }
    EdgeModelSpec models = new EdgeModelSpec(null, null, 1, RealEsrganModel.X4FAST);
    SuperResolver sr = models.openDeviceSr();
    JobOptions o =
        JobOptions.builder()
            .bootstrapServers(broker.bootstrapServers())
            .groupId("ft")
            .batchSize(2)
            .maxWait(Duration.ofMillis(300))
            .checkpointInterval(Duration.ofMillis(300))
            .restartAttempts(5)
            .restartDelay(Duration.ofMillis(200))
            .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    FailingOncePlanner.CALLS.set(0);
    FailingOncePlanner.FAILURES.set(0);
    HybridSrJob.wireKafka(env, o, new FailingOncePlanner(), new GpuEdgeStage(models, 4));
    JobClient job = env.executeAsync("fault-tolerance");
    List<DeviceConsumer> devices = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (String id : List.of("ftdev0", "ftdev1")) {
      DeviceConsumer d =
          new DeviceConsumer(
              new DeviceConfig(
                  id,
                  broker.bootstrapServers(),
                  out.resolve(id),
                  Duration.ofSeconds(120),
                  0,
                  Map.of(),
                  false),
              sr);
      devices.add(d);
      Thread t = new Thread(d, "device-" + id);
      t.start();
      threads.add(t);
    }
    try {
      KafkaTestIO.send(
          broker.bootstrapServers(),
          Topics.TASKS,
          tasks.subList(0, 4).stream().map(TaskJson::format).toList());
      waitForCompleted(devices, 2, Duration.ofSeconds(120));
      // Lose the TaskManager mid-run (a replacement joins first, as a cluster's would).
      cluster.startTaskManager();
      cluster.terminateTaskManager(0).get();
      KafkaTestIO.send(
          broker.bootstrapServers(),
          Topics.TASKS,
          tasks.subList(4, 8).stream().map(TaskJson::format).toList());

      var results =
          KafkaTestIO.readUntil(
              broker.bootstrapServers(),
              Topics.RESULTS,
              r ->
                  KafkaTestIO.countByTask(r, Outcome.Status.COMPLETED)
                      .keySet()
                      .containsAll(tasks.stream().map(Task::taskId).toList()),
              Duration.ofSeconds(240));
      // Give late re-deliveries a moment to show up as duplicates, if there were any.
      Thread.sleep(1500);
      results =
          KafkaTestIO.readFor(broker.bootstrapServers(), Topics.RESULTS, Duration.ofSeconds(3));
      assertTrue(FailingOncePlanner.FAILURES.get() >= 1, "the failure was injected");
      // Each device reported each of its tasks once ...
      Map<String, Integer> reported = new HashMap<>();
      for (String id : List.of("ftdev0", "ftdev1")) {
        KafkaTestIO.countByTask(
                KafkaTestIO.readToEnd(
                    broker.bootstrapServers(),
                    Topics.deviceOutcomeTopic(id),
                    Duration.ofSeconds(30)),
                Outcome.Status.COMPLETED)
            .forEach((k, v) -> reported.merge(k, v, Integer::sum));
      }
      // ... and the job relayed it at least once: a recovery re-relays what it relayed since its
      // last checkpoint (at-least-once sink), always the same record, so consumers dedupe by task.
      Map<String, Set<String>> relayedCopies = new HashMap<>();
      for (var r : results) {
        Outcome oc = JsonCodec.fromBytes(r.value(), Outcome.class);
        if (oc.status() == Outcome.Status.COMPLETED) {
          relayedCopies
              .computeIfAbsent(oc.taskId(), k -> new HashSet<>())
              .add(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8));
        }
      }
      for (Task t : tasks) {
        assertEquals(
            1,
            reported.getOrDefault(t.taskId(), 0),
            "one COMPLETED outcome from the device for " + t.taskId());
        assertEquals(
            1,
            relayedCopies.getOrDefault(t.taskId(), Set.of()).size(),
            "the COMPLETED outcome of " + t.taskId() + " relayed, any repeat identical");
        Path img = out.resolve(t.deviceId()).resolve(t.taskId() + ".png");
        assertEquals(t.targetWidth(), ImageFiles.read(img).width());
      }
      try (Stream<Path> files = Files.walk(out)) {
        assertEquals(tasks.size(), files.filter(f -> f.toString().endsWith(".png")).count());
      }
    } finally {
      devices.forEach(DeviceConsumer::close);
      for (Thread t : threads) {
        t.join();
      }
      job.cancel().get();
    }
  }

  @Test
  void shouldLoseAndDuplicateNothingAcrossAStopWithSavepoint(@TempDir Path savepoints)
      throws Exception {
    JobOptions o =
        JobOptions.builder()
            .bootstrapServers(broker.bootstrapServers())
            .groupId("savepoint-it")
            .batchSize(4)
            .maxWait(Duration.ofMillis(400))
            .planOnly(true)
            .checkpointInterval(Duration.ofSeconds(1))
            .build();
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      first.add(
          TaskJson.format(
              new Task("sp-a" + i, "u" + i, "d" + i % 3, "edge-sp", 1024, 1024, 0.5, "p" + i)));
      second.add(
          TaskJson.format(
              new Task("sp-b" + i, "u" + i, "d" + i % 3, "edge-sp", 1280, 720, 0.2, "q" + i)));
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    HybridSrJob.wireKafka(env, o, new SchedulerBatchPlanner(null, 1.0, 3), null);
    JobClient job = env.executeAsync("savepoint-1");
    KafkaTestIO.send(broker.bootstrapServers(), Topics.TASKS, first);
    KafkaTestIO.readUntil(
        broker.bootstrapServers(),
        Topics.RESULTS,
        r -> plannedIds(r, "sp-").size() >= 10,
        Duration.ofSeconds(60));
    String savepoint =
        job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get();

    KafkaTestIO.send(broker.bootstrapServers(), Topics.TASKS, second);
    Configuration restore = new Configuration();
    restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    StreamExecutionEnvironment env2 = StreamExecutionEnvironment.getExecutionEnvironment(restore);
    env2.setParallelism(1);
    HybridSrJob.wireKafka(env2, o, new SchedulerBatchPlanner(null, 1.0, 3), null);
    JobClient job2 = env2.executeAsync("savepoint-2");
    try {
      var results =
          KafkaTestIO.readUntil(
              broker.bootstrapServers(),
              Topics.RESULTS,
              r -> plannedIds(r, "sp-").size() >= 60,
              Duration.ofSeconds(60));
      Thread.sleep(1000);
      results =
          KafkaTestIO.readFor(broker.bootstrapServers(), Topics.RESULTS, Duration.ofSeconds(3));
      Map<String, Integer> planned = plannedIds(results, "sp-");
      assertEquals(60, planned.size(), "nothing lost");
      planned.forEach((id, n) -> assertEquals(1, n, "planned once: " + id));
    } finally {
      job2.cancel().get();
    }
  }

  private static Map<String, Integer> plannedIds(
      List<org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>> records,
      String prefix) {
    Map<String, Integer> n = new HashMap<>();
    for (var r : records) {
      Outcome o = JsonCodec.fromBytes(r.value(), Outcome.class);
      if (o.status() == Outcome.Status.PLANNED && o.taskId().startsWith(prefix)) {
        n.merge(o.taskId(), 1, Integer::sum);
      }
    }
    return n;
  }

  private static void waitForCompleted(List<DeviceConsumer> devices, int n, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (devices.stream().mapToLong(d -> d.stats().completed.get()).sum() < n
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }
}
