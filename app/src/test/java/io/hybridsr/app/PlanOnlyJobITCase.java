package io.hybridsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.jobs.HybridSrJob;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.DeadLetterHeaders;
import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.operators.ingest.ArrivedTask;
import io.hybridsr.operators.plan.BatchPlanner;
import io.hybridsr.operators.plan.PlannedTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The plan-only job on a MiniCluster against the real in-JVM broker: every valid task gets one
 * PLANNED outcome, every malformed record lands in the DLQ with its reason, and windows fire on
 * count (full batches) and on timeout (the remainder).
 */
class PlanOnlyJobITCase extends BrokerAndFlinkTestBase {
  /** Plans by hand (S=2, D=20) and records window sizes, so the test sees how windows fired. */
  static final class RecordingPlanner implements BatchPlanner {
    static final List<Integer> WINDOW_SIZES =
        java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<PlannedTask> plan(String edgeId, List<ArrivedTask> window) {
      WINDOW_SIZES.add(window.size());
      List<PlannedTask> out = new ArrayList<>();
      for (ArrivedTask a : window) {
        PlannedTask p = new PlannedTask();
        p.task = a.task;
        p.arrivedAtMs = a.arrivedAtMs;
        p.plannedAtMs = System.currentTimeMillis();
        p.scale = 2;
        p.steps = 20;
        p.generationWidth = a.task.targetWidth() / 2;
        p.generationHeight = a.task.targetHeight() / 2;
        p.windowSize = window.size();
        out.add(p);
      }
      return out;
    }
  }

  @Test
  void shouldPlanEveryValidTaskAndDeadLetterEveryBadOne() throws Exception {
    List<String> records = new ArrayList<>();
    Set<String> validIds = new HashSet<>();
    // 2 edges x 7 tasks: with K=3 each edge fires two full windows and one timed-out window of 1.
    for (String edge : List.of("edge-a", "edge-b")) {
      for (int i = 0; i < 7; i++) {
        Task t =
            new Task(
                edge + "-t" + i,
                "user" + i,
                "dev" + (i % 3),
                edge,
                1024,
                768,
                i / 7.0,
                "a lighthouse at dusk " + i);
        validIds.add(t.taskId());
        records.add(TaskJson.format(t));
      }
    }
    Map<String, String> bad = new HashMap<>();
    bad.put("not json at all", "$");
    bad.put(
        "{\"taskId\":\"x1\",\"userId\":\"u\",\"deviceId\":\"d\",\"edgeId\":\"e\",\"targetWidth\":1024,"
            + "\"targetHeight\":1024,\"lambda\":1.5,\"prompt\":\"p\"}",
        "lambda");
    bad.put(
        "{\"taskId\":\"x2\",\"userId\":\"u\",\"deviceId\":\"d\",\"edgeId\":\"e\",\"targetWidth\":0,"
            + "\"targetHeight\":1024,\"lambda\":0.5,\"prompt\":\"p\"}",
        "targetWidth");
    bad.put(
        "{\"taskId\":\"x3\",\"userId\":\"u\",\"deviceId\":\"bad device/../\",\"edgeId\":\"e\","
            + "\"targetWidth\":1024,\"targetHeight\":1024,\"lambda\":0.5,\"prompt\":\"p\"}",
        "deviceId");
    bad.put(
        "{\"taskId\":\"x4\",\"userId\":\"u\",\"deviceId\":\"d\",\"edgeId\":\"e\",\"targetWidth\":1024,"
            + "\"targetHeight\":1024,\"lambda\":0.5,\"prompt\":\"p\",\"colour\":\"red\"}",
        "colour");
    records.addAll(bad.keySet());
    java.util.Collections.shuffle(records, new java.util.Random(7));

    JobOptions o =
        JobOptions.builder()
            .bootstrapServers(broker.bootstrapServers())
            .groupId("plan-only-it")
            .batchSize(3)
            .maxWait(Duration.ofMillis(300))
            .planOnly(true)
            .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    RecordingPlanner.WINDOW_SIZES.clear();
    HybridSrJob.wireKafka(env, o, new RecordingPlanner(), null);
    JobClient job = env.executeAsync("plan-only-it");
    try {
      KafkaTestIO.send(broker.bootstrapServers(), Topics.TASKS, records);

      List<ConsumerRecord<byte[], byte[]>> results =
          KafkaTestIO.readUntil(
              broker.bootstrapServers(),
              Topics.RESULTS,
              r -> r.size() >= validIds.size(),
              Duration.ofSeconds(60));
      List<ConsumerRecord<byte[], byte[]>> dlq =
          KafkaTestIO.readUntil(
              broker.bootstrapServers(),
              Topics.TASKS_DLQ,
              r -> r.size() >= bad.size(),
              Duration.ofSeconds(30));

      Set<String> planned = new HashSet<>();
      for (var r : results) {
        Outcome out = JsonCodec.fromBytes(r.value(), Outcome.class);
        assertEquals(Outcome.Status.PLANNED, out.status());
        assertEquals(2, out.scale());
        assertTrue(planned.add(out.taskId()), "one outcome per task: " + out.taskId());
      }
      assertEquals(validIds, planned);

      Map<String, String> fieldByValue = new HashMap<>();
      for (var r : dlq) {
        String value = new String(r.value(), java.nio.charset.StandardCharsets.UTF_8);
        fieldByValue.put(value, DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.FIELD));
        assertTrue(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON).length() > 3);
        assertEquals(
            Topics.TASKS, DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.SOURCE_TOPIC));
      }
      assertEquals(bad, fieldByValue, "each bad record, byte for byte, with the field it broke");

      List<Integer> sizes = new ArrayList<>(RecordingPlanner.WINDOW_SIZES);
      assertEquals(14, sizes.stream().mapToInt(Integer::intValue).sum());
      assertTrue(sizes.contains(3), "windows fire on count: " + sizes);
      assertTrue(sizes.stream().anyMatch(s -> s < 3), "the remainder fires on timeout: " + sizes);
    } finally {
      job.cancel().get();
    }
  }
}
