package io.hybridsr.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.operators.kafka.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link HybridSrJob#buildGraph} driven with in-memory records on a MiniCluster, plan-only, no
 * Kafka: every valid task gets exactly one PLANNED outcome from the real scheduler (the default
 * configuration's), and every bad record (not JSON, a field out of range, an unknown device) comes
 * out as a dead letter naming the field it broke, byte for byte as it came in.
 */
// Flink's test harnesses and iterators close() with InterruptedException: try-with-resources is
// still right.
@SuppressWarnings("try")
class HybridSrJobGraphTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void plansEveryValidTaskAndDeadLettersEveryBadRecord() throws Exception {
    List<RawRecord> raw = new ArrayList<>();
    Map<String, Integer> sizeById = new HashMap<>();
    // 2 edges x 4 tasks and K = 4: each edge's window fires on count, so the bounded input
    // needs no processing-time timeout to finish.
    for (String edge : List.of("edge-a", "edge-b")) {
      for (int i = 0; i < 4; i++) {
        int side = 512 + 256 * (i % 3);
        Task t =
            new Task(
                edge + "-t" + i,
                "user" + i,
                "dev" + (i % 2),
                edge,
                side,
                side,
                i / 4.0,
                "a lighthouse at dusk " + i);
        sizeById.put(t.taskId(), side);
        raw.add(record(TaskJson.format(t), raw.size()));
      }
    }
    Map<String, String> bad = new HashMap<>();
    bad.put("not json at all", "$");
    bad.put(
        "{\"taskId\":\"x1\",\"userId\":\"u\",\"deviceId\":\"dev0\",\"edgeId\":\"edge-a\",\"targetWidth\":1024,"
            + "\"targetHeight\":1024,\"lambda\":1.5,\"prompt\":\"p\"}",
        "lambda");
    bad.put(
        TaskJson.format(new Task("x2", "u", "dev-unknown", "edge-a", 1024, 1024, 0.5, "p")),
        "deviceId");
    for (String b : bad.keySet()) {
      raw.add(record(b, raw.size()));
    }

    JobOptions o =
        JobOptions.builder()
            .groupId("graph-test")
            .batchSize(4)
            .maxWait(Duration.ofSeconds(30))
            .planOnly(true)
            .knownDevices(Set.of("dev0", "dev1"))
            .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    HybridSrJob.Outputs out =
        HybridSrJob.buildGraph(env.fromData(raw), o, JobConfig.load(null).planner(), null);
    assertNull(out.patches(), "plan-only: no edge stage, no patches");

    // One collected stream: each output tagged by kind.
    DataStream<String> tagged =
        out.outcomes()
            .map(r -> "outcome\t" + r.status() + "\t" + r.taskId() + "\t" + r.scale())
            .returns(Types.STRING)
            .union(
                out.deadLetters()
                    .map(
                        d ->
                            "dead\t"
                                + d.field
                                + "\t"
                                + new String(d.original.value, StandardCharsets.UTF_8))
                    .returns(Types.STRING));
    List<String> lines = new ArrayList<>();
    try (CloseableIterator<String> it = tagged.executeAndCollect("graph-test")) {
      it.forEachRemaining(lines::add);
    }

    Map<String, Integer> scaleById = new HashMap<>();
    Map<String, String> fieldByValue = new HashMap<>();
    for (String line : lines) {
      String[] f = line.split("\t", 4);
      if (f[0].equals("outcome")) {
        assertEquals(Outcome.Status.PLANNED.name(), f[1], line);
        assertNull(scaleById.put(f[2], Integer.parseInt(f[3])), "one outcome per task: " + line);
      } else {
        assertNull(fieldByValue.put(f[2], f[1]), "one dead letter per bad record: " + line);
      }
    }
    assertEquals(sizeById.keySet(), scaleById.keySet(), "every valid task is planned, no other");
    scaleById.forEach(
        (id, s) ->
            assertTrue(
                s >= 1 && sizeById.get(id) % s == 0,
                id + ": the planned scale divides the target size, got " + s));
    assertEquals(bad, fieldByValue, "each bad record, byte for byte, with the field it broke");
  }

  private static RawRecord record(String value, long offset) {
    return new RawRecord(
        null,
        value.getBytes(StandardCharsets.UTF_8),
        Map.of(),
        Topics.TASKS,
        0,
        offset,
        System.currentTimeMillis());
  }
}
