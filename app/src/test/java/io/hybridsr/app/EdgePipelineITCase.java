package io.hybridsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.stage.Stage;
import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.inference.store.RealEsrganModel;
import io.hybridsr.jobs.GpuEdgeStage;
import io.hybridsr.jobs.HybridSrJob;
import io.hybridsr.jobs.JobConfig;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.Measurement;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.kafka.records.PatchRecordSerde;
import io.hybridsr.kafka.records.PatchRole;
import io.hybridsr.operators.edge.EdgeModelSpec;
import io.hybridsr.operators.edge.EdgeWarmUp;
import io.hybridsr.operators.plan.SchedulerBatchPlanner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The whole edge pipeline with real parts: in-JVM broker, MiniCluster, simulated annealing, the
 * SDXL stand-in on ONNX Runtime and Real-ESRGAN on its real weights (x4fast in the edge slot to
 * keep the run short). Every task's device topic gets exactly its patches, once each.
 */
class EdgePipelineITCase extends BrokerAndFlinkTestBase {
  @Test
  void shouldDeliverEveryPatchOfEveryTaskToItsDeviceTopic() throws Exception {
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      tasks.add(
          new Task(
              "e2e-" + i,
              "user" + i,
              "dev" + (i % 2),
              "edge-a",
              i % 2 == 0 ? 512 : 768,
              512,
              i / 3.0,
              "a watercolour harbour, boats " + i));
    }
    try (TopicAdmin admin = TopicAdmin.forBootstrap(broker.bootstrapServers(), Map.of())) {
      admin.ensureFixedTopics();
      // dev0 and dev1's topics are left to the job to create on demand.
    }
    JobOptions o =
        JobOptions.builder()
            .bootstrapServers(broker.bootstrapServers())
            .groupId("edge-it")
            .batchSize(4)
            .maxWait(Duration.ofMillis(500))
            .gpuSlots(1)
            .inferenceTimeout(Duration.ofMinutes(3))
            .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    EdgeModelSpec spec = new EdgeModelSpec(null, null, 2, RealEsrganModel.X4FAST);
    HybridSrJob.wireKafka(
        env,
        o,
        // stage models (learned from 1 s per unit), so the edge reports what it measures
        new SchedulerBatchPlanner(
            new SchedulerBatchPlanner.Settings(
                null, 1.0, 7, JobConfig.load(null).runners(spec), 1, 4, false, true, 60, 0.15)),
        // the generation sizes of both targets are warmed up: no task's first run is cold
        new GpuEdgeStage(spec, 4, EdgeWarmUp.parse("512x512,768x512")));
    JobClient job = env.executeAsync("edge-it");
    try {
      KafkaTestIO.send(
          broker.bootstrapServers(), Topics.TASKS, tasks.stream().map(TaskJson::format).toList());
      var results =
          KafkaTestIO.readUntil(
              broker.bootstrapServers(),
              Topics.RESULTS,
              r -> r.size() >= tasks.size(),
              Duration.ofSeconds(60));
      Map<String, Outcome> planned = new HashMap<>();
      for (var r : results) {
        Outcome out = JsonCodec.fromBytes(r.value(), Outcome.class);
        assertEquals(Outcome.Status.PLANNED, out.status(), "no task failed: " + out.reason());
        assertEquals(null, planned.put(out.taskId(), out), "one outcome per task");
      }
      assertEquals(tasks.size(), planned.size());

      for (String device : List.of("dev0", "dev1")) {
        long expected = tasks.stream().filter(t -> t.deviceId().equals(device)).count() * 16;
        var records =
            KafkaTestIO.readUntil(
                broker.bootstrapServers(),
                Topics.deviceTopic(device),
                r -> r.size() >= expected,
                Duration.ofSeconds(120));
        assertEquals(expected, records.size(), "patch records on " + device);
        Map<String, TreeSet<Integer>> indices = new HashMap<>();
        Map<String, Integer> foreground = new HashMap<>();
        Map<String, Integer> scales = new HashMap<>();
        for (var r : records) {
          PatchRecord p = PatchRecordSerde.read(r.headers(), r.value());
          assertEquals(device, p.deviceId());
          assertTrue(
              indices.computeIfAbsent(p.taskId(), k -> new TreeSet<>()).add(p.patchIndex()),
              "patch " + p.patchIndex() + " of " + p.taskId() + " sent once");
          Outcome plan = planned.get(p.taskId());
          assertEquals(plan.scale(), p.scale());
          assertEquals(plan.generationWidth(), p.generationWidth());
          if (p.role() == PatchRole.FOREGROUND) {
            foreground.merge(p.taskId(), 1, Integer::sum);
          }
          scales.put(p.taskId(), p.scale());
          assertTrue(p.generationMillis() > 0, "measured T1 travels with the patch");
        }
        for (var e : indices.entrySet()) {
          assertEquals(16, e.getValue().size(), e.getKey());
          // gamma = 0.25 of a 4x4 grid goes to the edge SR; with S = 1 there is no SR at all.
          int expectedForeground = scales.get(e.getKey()) > 1 ? 4 : 0;
          assertEquals(expectedForeground, foreground.getOrDefault(e.getKey(), 0), e.getKey());
        }
      }
      // every task's generation time reaches the planner's learners, the first at each size too
      // (a cold first run would be served but not learned from)
      java.util.Set<String> learned = new java.util.TreeSet<>();
      KafkaTestIO.readUntil(
          broker.bootstrapServers(),
          Topics.MEASUREMENTS,
          r -> {
            learned.clear();
            for (var x : r) {
              Measurement m = JsonCodec.fromBytes(x.value(), Measurement.class);
              if (m.stage().equals(Stage.GENERATION.key())) {
                learned.add(m.taskId());
              }
            }
            return learned.size() >= tasks.size();
          },
          Duration.ofSeconds(30));
      assertEquals(new java.util.TreeSet<>(planned.keySet()), learned);
    } finally {
      job.cancel().get();
    }
  }

  /**
   * The real planner, except that the task named "poison" is given 0 denoising steps, which the
   * SDXL runner refuses: a model error on one task.
   */
  static final class PoisoningPlanner implements io.hybridsr.operators.plan.BatchPlanner {
    private final SchedulerBatchPlanner real = new SchedulerBatchPlanner(null, 1.0, 3);

    @Override
    public List<io.hybridsr.operators.plan.PlannedTask> plan(
        String edgeId, List<io.hybridsr.operators.ingest.ArrivedTask> window) {
      List<io.hybridsr.operators.plan.PlannedTask> plans = real.plan(edgeId, window);
      plans.stream().filter(p -> p.task.taskId().equals("poison")).forEach(p -> p.steps = 0);
      return plans;
    }
  }

  @Test
  void shouldFailOnlyTheTaskWhoseModelCallFails() throws Exception {
    List<Task> tasks =
        List.of(
            new Task("healthy-1", "u1", "dev9", "edge-p", 512, 512, 0.5, "a quiet street"),
            new Task("poison", "u2", "dev9", "edge-p", 512, 512, 0.5, "a quiet street"),
            new Task("healthy-2", "u3", "dev9", "edge-p", 512, 512, 0.5, "a quiet street"));
    try (TopicAdmin admin = TopicAdmin.forBootstrap(broker.bootstrapServers(), Map.of())) {
      admin.ensureFixedTopics();
      admin.ensureDeviceTopic("dev9");
    }
    // One GPU slot: if the failed call kept its slot, the healthy tasks after it would hang.
    JobOptions o =
        JobOptions.builder()
            .bootstrapServers(broker.bootstrapServers())
            .groupId("poison-it")
            .batchSize(3)
            .maxWait(Duration.ofMillis(300))
            .gpuSlots(1)
            .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    HybridSrJob.wireKafka(
        env,
        o,
        new PoisoningPlanner(),
        new GpuEdgeStage(new EdgeModelSpec(null, null, 1, RealEsrganModel.X4FAST), 4));
    JobClient job = env.executeAsync("poison-it");
    try {
      KafkaTestIO.send(
          broker.bootstrapServers(), Topics.TASKS, tasks.stream().map(TaskJson::format).toList());
      var results =
          KafkaTestIO.readUntil(
              broker.bootstrapServers(),
              Topics.RESULTS,
              r ->
                  r.stream()
                      .anyMatch(
                          x ->
                              JsonCodec.fromBytes(x.value(), Outcome.class).status()
                                  == Outcome.Status.FAILED),
              Duration.ofSeconds(60));
      Outcome failed =
          results.stream()
              .map(x -> JsonCodec.fromBytes(x.value(), Outcome.class))
              .filter(x -> x.status() == Outcome.Status.FAILED)
              .findFirst()
              .orElseThrow();
      assertEquals("poison", failed.taskId());
      assertTrue(failed.reason().contains("steps"), failed.reason());
      var patches =
          KafkaTestIO.readUntil(
              broker.bootstrapServers(),
              Topics.deviceTopic("dev9"),
              r -> r.size() >= 32,
              Duration.ofSeconds(60));
      Map<String, Integer> perTask = new HashMap<>();
      for (var r : patches) {
        perTask.merge(PatchRecordSerde.read(r.headers(), r.value()).taskId(), 1, Integer::sum);
      }
      assertEquals(Map.of("healthy-1", 16, "healthy-2", 16), perTask);
    } finally {
      job.cancel().get();
    }
  }
}
