package io.hybridsr.operators.outcome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.operators.ingest.ParseTaskFunction;
import io.hybridsr.operators.kafka.DeadLetter;
import io.hybridsr.operators.kafka.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The two checks on device outcomes: per record (parse) and against the plan (relay). */
// Flink's test harnesses and iterators close() with InterruptedException: try-with-resources is
// still right.
@SuppressWarnings("try")
class DeviceOutcomeFunctionsTest {
  static final Duration WAIT = Duration.ofSeconds(60);

  static Outcome outcome(String taskId, String device, Outcome.Status status) {
    return new Outcome(
        taskId,
        "user",
        device,
        status == Outcome.Status.PLANNED ? "edge-1" : null,
        status,
        status == Outcome.Status.PLANNED ? "edge" : "device:" + device,
        null,
        2,
        20,
        256,
        256,
        512,
        512,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        1L);
  }

  static RawRecord raw(String topic, String key, byte[] value) {
    return new RawRecord(
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value,
        Map.of(),
        topic,
        0,
        7,
        1L);
  }

  static DeviceOutcome fromDevice(String device, String taskId, Outcome.Status status) {
    Outcome o = outcome(taskId, device, status);
    return new DeviceOutcome(
        device, o, raw(Topics.deviceOutcomeTopic(device), taskId, JsonCodec.toBytes(o)));
  }

  // ----- parse -----

  @Test
  void shouldPassAWellFormedOutcomeFromItsOwnDevicesTopic() throws Exception {
    try (OneInputStreamOperatorTestHarness<RawRecord, DeviceOutcome> h =
        ProcessFunctionTestHarnesses.forProcessFunction(new ParseDeviceOutcomeFunction())) {
      Outcome o = outcome("t1", "dev-a", Outcome.Status.COMPLETED);
      h.processElement(raw(Topics.deviceOutcomeTopic("dev-a"), "t1", JsonCodec.toBytes(o)), 1L);
      List<DeviceOutcome> out = h.extractOutputValues();
      assertEquals(1, out.size());
      assertEquals("dev-a", out.get(0).device);
      assertEquals(o, out.get(0).outcome);
      assertTrue(
          h.getSideOutput(ParseTaskFunction.DEAD_LETTERS) == null
              || h.getSideOutput(ParseTaskFunction.DEAD_LETTERS).isEmpty());
    }
  }

  @Test
  void shouldDeadLetterWhatNoDeviceMayWriteWithTheReason() throws Exception {
    String topicA = Topics.deviceOutcomeTopic("dev-a");
    Map<RawRecord, String> bad = new java.util.LinkedHashMap<>();
    bad.put(raw(topicA, "t1", "{{{".getBytes(StandardCharsets.UTF_8)), "not an outcome");
    bad.put(raw(topicA, "t1", new byte[0]), "empty value");
    bad.put(
        raw(
            topicA,
            null,
            "{\"status\":\"COMPLETED\",\"deviceId\":\"dev-a\"}".getBytes(StandardCharsets.UTF_8)),
        "missing taskId");
    bad.put(
        raw(topicA, "t1", JsonCodec.toBytes(outcome("t1", "dev-a", Outcome.Status.PLANNED))),
        "status PLANNED is not one a device may report");
    bad.put(
        raw(topicA, "t1", JsonCodec.toBytes(outcome("t1", "dev-b", Outcome.Status.COMPLETED))),
        "forged: outcome names device 'dev-b' but was written to the outcome topic of device 'dev-a'");
    bad.put(
        raw(topicA, "t2", JsonCodec.toBytes(outcome("t1", "dev-a", Outcome.Status.COMPLETED))),
        "record key 't2' is not the outcome's taskId 't1'");
    bad.put(
        raw(
            Topics.RESULTS,
            "t1",
            JsonCodec.toBytes(outcome("t1", "dev-a", Outcome.Status.COMPLETED))),
        "is not a device outcome topic");
    try (OneInputStreamOperatorTestHarness<RawRecord, DeviceOutcome> h =
        ProcessFunctionTestHarnesses.forProcessFunction(new ParseDeviceOutcomeFunction())) {
      for (RawRecord r : bad.keySet()) {
        h.processElement(r, 1L);
      }
      assertEquals(List.of(), h.extractOutputValues());
      List<DeadLetter> dlq =
          h.getSideOutput(ParseTaskFunction.DEAD_LETTERS).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertEquals(bad.size(), dlq.size());
      int i = 0;
      for (Map.Entry<RawRecord, String> e : bad.entrySet()) {
        DeadLetter d = dlq.get(i++);
        assertTrue(d.reason.contains(e.getValue()), d.reason + " should say " + e.getValue());
        assertEquals(e.getKey().topic, d.original.topic, "the original record is kept");
        assertEquals(e.getKey().offset, d.original.offset);
        assertTrue(java.util.Arrays.equals(e.getKey().value, d.original.value), "original bytes");
      }
    }
  }

  // ----- relay -----

  static KeyedTwoInputStreamOperatorTestHarness<String, Outcome, DeviceOutcome, Outcome> relay()
      throws Exception {
    var h =
        ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
            new RelayDeviceOutcomeFunction(WAIT, Duration.ofHours(24)),
            Outcome::taskId,
            (DeviceOutcome d) -> d.outcome.taskId(),
            Types.STRING);
    return h;
  }

  static List<String> reasons(
      KeyedTwoInputStreamOperatorTestHarness<String, Outcome, DeviceOutcome, Outcome> h) {
    var q = h.getSideOutput(ParseTaskFunction.DEAD_LETTERS);
    return q == null ? List.of() : q.stream().map(r -> r.getValue().reason).toList();
  }

  @Test
  void shouldRelayAGenuineOutcomeOnceAndDeadLetterAForgedOne() throws Exception {
    try (var h = relay()) {
      h.processElement1(outcome("tb", "dev-b", Outcome.Status.PLANNED), 1L);
      h.processElement1(outcome("ta", "dev-a", Outcome.Status.PLANNED), 1L);
      // dev-a claims dev-b's task, from its own topic (deviceId agrees with its topic).
      h.processElement2(fromDevice("dev-a", "tb", Outcome.Status.COMPLETED), 2L);
      h.processElement2(fromDevice("dev-a", "ta", Outcome.Status.COMPLETED), 2L);
      h.processElement2(fromDevice("dev-a", "ta", Outcome.Status.COMPLETED), 3L); // a redo
      h.processElement2(fromDevice("dev-b", "tb", Outcome.Status.COMPLETED), 3L);
      List<Outcome> out = h.extractOutputValues();
      assertEquals(
          List.of("ta:dev-a", "tb:dev-b"),
          out.stream().map(o -> o.taskId() + ":" + o.deviceId()).toList());
      assertTrue(out.stream().allMatch(o -> o.source().equals("device:" + o.deviceId())));
      List<String> why = reasons(h);
      assertEquals(1, why.size(), why.toString());
      assertTrue(
          why.get(0)
              .startsWith(
                  "forged: task 'tb' was planned for device 'dev-b', but this "
                      + "COMPLETED outcome came from device 'dev-a'"),
          why.get(0));
    }
  }

  @Test
  void shouldHoldAnOutcomeThatArrivesBeforeItsPlanAndJudgeItWhenThePlanComes() throws Exception {
    try (var h = relay()) {
      h.setProcessingTime(0);
      h.processElement2(fromDevice("dev-a", "t1", Outcome.Status.COMPLETED), 1L);
      h.processElement2(fromDevice("dev-a", "t2", Outcome.Status.COMPLETED), 1L);
      assertEquals(List.of(), h.extractOutputValues());
      assertEquals(2, h.numProcessingTimeTimers());
      h.processElement1(outcome("t1", "dev-a", Outcome.Status.PLANNED), 2L);
      h.processElement1(outcome("t2", "dev-b", Outcome.Status.PLANNED), 2L);
      assertEquals(List.of("t1"), h.extractOutputValues().stream().map(Outcome::taskId).toList());
      assertEquals(1, reasons(h).size());
      assertTrue(reasons(h).get(0).startsWith("forged: task 't2'"), reasons(h).toString());
      assertEquals(0, h.numProcessingTimeTimers(), "timers of judged outcomes are deleted");
    }
  }

  @Test
  void shouldDeadLetterAnOutcomeWhoseTaskIsNeverPlanned() throws Exception {
    try (var h = relay()) {
      h.setProcessingTime(0);
      h.processElement2(fromDevice("dev-a", "ghost", Outcome.Status.INCOMPLETE), 1L);
      h.setProcessingTime(WAIT.toMillis() - 1);
      assertEquals(List.of(), reasons(h));
      h.setProcessingTime(WAIT.toMillis());
      assertEquals(List.of(), h.extractOutputValues());
      assertEquals(1, reasons(h).size());
      assertTrue(
          reasons(h).get(0).startsWith("unplanned: no plan for task 'ghost'"),
          reasons(h).toString());
      // A plan that comes later finds nothing waiting: the outcome is not relayed after all.
      h.processElement1(outcome("ghost", "dev-a", Outcome.Status.PLANNED), 2L);
      assertEquals(List.of(), h.extractOutputValues());
    }
  }

  @Test
  void shouldKeepPlansAndWaitingOutcomesAcrossARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = relay()) {
      h.setProcessingTime(0);
      h.processElement1(outcome("t1", "dev-a", Outcome.Status.PLANNED), 1L);
      h.processElement2(fromDevice("dev-b", "t2", Outcome.Status.COMPLETED), 1L);
      snapshot = h.snapshot(1L, 1L);
    }
    try (var h =
        new KeyedTwoInputStreamOperatorTestHarness<String, Outcome, DeviceOutcome, Outcome>(
            new KeyedCoProcessOperator<>(
                new RelayDeviceOutcomeFunction(WAIT, Duration.ofHours(24))),
            Outcome::taskId,
            (DeviceOutcome d) -> d.outcome.taskId(),
            Types.STRING)) {
      h.setup();
      h.initializeState(snapshot);
      h.open();
      h.processElement2(fromDevice("dev-a", "t1", Outcome.Status.COMPLETED), 2L);
      h.processElement1(outcome("t2", "dev-b", Outcome.Status.PLANNED), 2L);
      assertEquals(
          List.of("t1", "t2"), h.extractOutputValues().stream().map(Outcome::taskId).toList());
      assertEquals(List.of(), reasons(h));
    }
  }
}
