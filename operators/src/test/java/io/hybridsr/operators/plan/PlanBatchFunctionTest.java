package io.hybridsr.operators.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridsr.core.stage.RunnerSet;
import io.hybridsr.core.stage.Stage;
import io.hybridsr.core.stage.StageModel;
import io.hybridsr.core.stage.StageModels;
import io.hybridsr.core.task.Task;
import io.hybridsr.kafka.records.Measurement;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.operators.ingest.ArrivedTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner's learning and queue model, driven through the operator harness with state. */
// Flink's test harnesses and iterators close() with InterruptedException: try-with-resources is
// still right.
@SuppressWarnings("try")
class PlanBatchFunctionTest {
  static final RunnerSet RUNNERS = new RunnerSet("gen", "esr", "dsr", "link");

  @TempDir Path dir;

  /** The shipped profile with stage models for {@link #RUNNERS}. */
  Path profile() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = io.hybridsr.core.sim.ProfileTree.read(null);
    StageModels models =
        new StageModels(
            List.of(
                new StageModel(Stage.GENERATION, "gen", 0.5, 10, 1, "test"),
                new StageModel(Stage.EDGE_SR, "esr", 0.2, 5, 0, "test"),
                new StageModel(Stage.DEVICE_SR, "dsr", 0, 10, 0, "test"),
                new StageModel(Stage.STITCH, "dsr", 0.1, 0, 0, "test"),
                new StageModel(Stage.LINK_FG, "link", 0, 1, 0, "test"),
                new StageModel(Stage.LINK_BG, "link", 0, 1, 0, "test")),
            "test");
    root.set(StageModels.SECTION, models.toJson(json));
    Path f = dir.resolve("profile.json");
    json.writeValue(f.toFile(), root);
    return f;
  }

  SchedulerBatchPlanner planner(boolean learn) throws Exception {
    return new SchedulerBatchPlanner(
        new SchedulerBatchPlanner.Settings(
            profile().toString(), 1.0, 1, RUNNERS, 1, 8, true, learn));
  }

  KeyedTwoInputStreamOperatorTestHarness<String, TaskBatch, Measurement, PlannedTask> harness(
      SchedulerBatchPlanner p) throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(new PlanBatchFunction(p)),
        (TaskBatch b) -> b.edgeId,
        Measurement::edgeId,
        Types.STRING);
  }

  static TaskBatch batch(int n, String prefix, int side) {
    List<ArrivedTask> tasks = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (int i = 0; i < n; i++) {
      tasks.add(
          new ArrivedTask(
              new Task(prefix + i, "u" + i, "dev-" + i, "edge", side, side, 0.5, "a fox"),
              now,
              0,
              i));
    }
    return new TaskBatch("edge", tasks, now);
  }

  /** Edge service of a planned task: its slot time without the wait. */
  static double edgeService(PlannedTask p) {
    return p.t1 - p.edgeWait + p.t2;
  }

  @Test
  void shouldMakeTheFifthTaskOfAWindowWaitForTheFirstFourOnAOneSlotEdge() throws Exception {
    try (var h = harness(planner(false))) {
      h.open();
      h.processElement1(batch(5, "t", 1024), 1L);
      List<PlannedTask> out = h.extractOutputValues();
      assertEquals(5, out.size());
      double sum = 0;
      for (int i = 0; i < 4; i++) {
        assertEquals(sum, out.get(i).edgeWait, 0.002 * (i + 1));
        sum += edgeService(out.get(i));
      }
      assertEquals(sum, out.get(4).edgeWait, 0.01);
      assertTrue(out.get(4).total >= out.get(4).edgeWait + edgeService(out.get(4)));
    }
  }

  /** Measurements of a runner twice as slow as its profile, on the planned tasks' own units. */
  static void measureSlowGeneration(
      KeyedTwoInputStreamOperatorTestHarness<String, TaskBatch, Measurement, PlannedTask> h,
      List<PlannedTask> planned,
      double factor)
      throws Exception {
    for (PlannedTask p : planned) {
      double model = 0.5 + 10 * p.work.cellSteps() + p.work.decoded();
      h.processElement2(
          new Measurement(
              "edge",
              p.task.taskId(),
              "edge",
              Stage.GENERATION.key(),
              "gen",
              p.work.cellSteps(),
              p.work.decoded(),
              factor * model,
              System.currentTimeMillis()),
          1L);
    }
  }

  static double generationService(PlannedTask p) {
    return p.t1 - p.edgeWait;
  }

  /** The profile's generation time for the planned task's own work. */
  static double profiled(PlannedTask p) {
    return 0.5 + 10 * p.work.cellSteps() + p.work.decoded();
  }

  @Test
  void shouldConvergeOnAMeasuredSpeedIgnoreAnOutlierAndKeepItAcrossARestore() throws Exception {
    OperatorSubtaskState snapshot;
    double base;
    try (var h = harness(planner(true))) {
      h.open();
      h.processElement1(batch(6, "a", 1024), 1L);
      List<PlannedTask> first = new ArrayList<>(h.extractOutputValues());
      base = generationService(first.get(0));
      measureSlowGeneration(h, first, 2.0);
      // One outlier (a pause 50x as long) does not move the learned speed.
      PlannedTask one = first.get(0);
      h.processElement2(
          new Measurement(
              "edge",
              one.task.taskId(),
              "edge",
              Stage.GENERATION.key(),
              "gen",
              one.work.cellSteps(),
              one.work.decoded(),
              50 * base,
              System.currentTimeMillis()),
          1L);
      h.processElement1(batch(1, "b", 1024), 1L);
      PlannedTask next = h.extractOutputValues().get(6);
      assertEquals(base, profiled(first.get(0)), 1e-6);
      assertEquals(2 * profiled(next), generationService(next), 1e-3);
      snapshot = h.snapshot(1L, 1L);
    }
    try (var h = harness(planner(true))) {
      h.setup();
      h.initializeState(snapshot);
      h.open();
      h.processElement1(batch(1, "c", 1024), 2L);
      PlannedTask restored = h.extractOutputValues().get(0);
      assertEquals(2 * profiled(restored), generationService(restored), 1e-3);
    }
  }

  /** A device's link measured 8x slower: both link stages of its next task are predicted so. */
  @Test
  void shouldLearnBothLinkStagesOfADeviceFromItsOutcomes() throws Exception {
    try (var h = harness(planner(true))) {
      h.open();
      h.processElement1(batch(1, "a", 1024), 1L);
      PlannedTask first = h.extractOutputValues().get(0);
      assertTrue(first.scale > 1 && first.t4 > 0 && first.t5 > 0, "a task with both link stages");
      for (Stage s : List.of(Stage.LINK_FG, Stage.LINK_BG)) {
        double predicted = s == Stage.LINK_FG ? first.t4 : first.t5;
        // As the relay sends them: the device as site, units 0 (taken from the plan)
        h.processElement2(
            new Measurement(
                "edge",
                first.task.taskId(),
                "dev-0",
                s.key(),
                "",
                0,
                0,
                8 * predicted,
                System.currentTimeMillis()),
            1L);
      }
      h.processElement1(batch(1, "b", 1024), 1L);
      PlannedTask next = h.extractOutputValues().get(1);
      assertEquals("dev-0", next.task.deviceId());
      // The profile's links cost 1 s per megapixel: the learned rate is the prediction per unit.
      assertEquals(
          8 * first.t5 / first.work.units(Stage.LINK_BG),
          next.t5 / next.work.units(Stage.LINK_BG),
          1e-6,
          "background link learned");
      assertEquals(
          8 * first.t4 / first.work.units(Stage.LINK_FG),
          next.t4 / next.work.units(Stage.LINK_FG),
          1e-6,
          "foreground link learned");
    }
  }

  @Test
  void shouldNotLearnWhenLearningIsOff() throws Exception {
    try (var h = harness(planner(false))) {
      h.open();
      h.processElement1(batch(3, "a", 1024), 1L);
      List<PlannedTask> first = new ArrayList<>(h.extractOutputValues());
      measureSlowGeneration(h, first, 3.0);
      h.processElement1(batch(1, "b", 1024), 1L);
      PlannedTask next = h.extractOutputValues().get(3);
      assertEquals(profiled(next), generationService(next), 1e-3);
    }
  }

  @Test
  void shouldRejectTasksThatCannotMeetTheBoundGivenTheBacklog() throws Exception {
    try (var h = harness(planner(false))) {
      h.open();
      // 2K tasks: several seconds each on this profile; enough of them fill the edge past L0.
      h.processElement1(batch(40, "fill", 2048), 1L);
      int planned = h.extractOutputValues().size();
      h.processElement1(batch(3, "late", 1024), 1L);
      var rejected = h.getSideOutput(PlanBatchFunction.REJECTED);
      assertFalse(rejected == null || rejected.isEmpty(), "the late tasks are rejected");
      for (var r : rejected) {
        assertEquals(Outcome.Status.REJECTED, r.getValue().status());
        assertTrue(r.getValue().reason().contains("(L0 = "), r.getValue().reason());
      }
      // Every task has exactly one answer: planned or rejected.
      assertEquals(43, h.extractOutputValues().size() + rejected.size());
      assertTrue(planned > 0);
    }
  }

  @Test
  void shouldFreeTheBacklogWhenTheEdgeReportsEarlyCompletion() throws Exception {
    try (var h = harness(planner(false))) {
      h.open();
      h.processElement1(batch(2, "a", 1024), 1L);
      List<PlannedTask> out = new ArrayList<>(h.extractOutputValues());
      long now = System.currentTimeMillis();
      for (PlannedTask p : out) {
        h.processElement2(
            new Measurement(
                "edge", p.task.taskId(), "edge", Measurement.EDGE_DONE, "", 0, 0, 0, now),
            1L);
      }
      h.processElement1(batch(1, "b", 1024), 1L);
      assertEquals(0, h.extractOutputValues().get(2).edgeWait, 0.05);
    }
  }

  @Test
  void shouldAddTheLearnedHandOffToLaterTasksPredictedTotal() throws Exception {
    // The same two windows twice, with and without a measured hand-off between them.
    PlannedTask without = secondOfTwoWindows(false);
    PlannedTask with = secondOfTwoWindows(true);
    assertEquals(without.scale, with.scale);
    assertEquals(without.steps, with.steps);
    assertEquals(without.total + 0.8, with.total, 0.05);
  }

  /** Plans one task, completes it (with a 0.8 s hand-off if asked), and plans a second one. */
  PlannedTask secondOfTwoWindows(boolean handoff) throws Exception {
    try (var h = harness(planner(true))) {
      h.open();
      h.processElement1(batch(1, "a", 1024), 1L);
      PlannedTask first = h.extractOutputValues().get(0);
      long now = System.currentTimeMillis();
      List<String> stages =
          handoff
              ? List.of(Measurement.EDGE_DONE, Measurement.HANDOFF, Measurement.DONE)
              : List.of(Measurement.EDGE_DONE, Measurement.DONE);
      for (String stage : stages) {
        double seconds = stage.equals(Measurement.HANDOFF) ? 0.8 : 0;
        h.processElement2(
            new Measurement("edge", first.task.taskId(), "dev-0", stage, "", 0, 0, seconds, now),
            1L);
      }
      h.processElement1(batch(1, "b", 1024), 1L);
      return h.extractOutputValues().get(1);
    }
  }

  @Test
  void shouldAdmitUnderATighterBoundWhileTasksTakeLongerThanPredicted() throws Exception {
    // Control: with no measured T, a task after three completed ones is planned.
    assertTrue(afterThreeCompleted(0).getSideOutput(PlanBatchFunction.REJECTED) == null);
    // Three tasks measured at 40x their predicted T: the next one's bound is L0 / 40.
    var h = afterThreeCompleted(40);
    var rejected = h.getSideOutput(PlanBatchFunction.REJECTED);
    assertEquals(1, rejected.size());
    String reason = rejected.peek().getValue().reason();
    assertTrue(reason.contains("over 40.00: recent tasks' measured T / predicted"), reason);
    assertEquals(3, h.extractOutputValues().size(), "planned: the first three only");
    h.close();
  }

  /**
   * Plans three tasks, completes each with a measured T of {@code ratio} x its predicted T (no T
   * measured when 0), then offers a fourth (2K: its cheapest configuration takes over L0 / 40
   * here).
   */
  KeyedTwoInputStreamOperatorTestHarness<String, TaskBatch, Measurement, PlannedTask>
      afterThreeCompleted(double ratio) throws Exception {
    var h = harness(planner(true));
    h.open();
    h.processElement1(batch(3, "a", 1024), 1L);
    long now = System.currentTimeMillis();
    for (PlannedTask p : h.extractOutputValues()) {
      String id = p.task.taskId();
      h.processElement2(
          new Measurement("edge", id, "edge", Measurement.EDGE_DONE, "", 0, 0, 0, now), 1L);
      if (ratio > 0) {
        h.processElement2(
            new Measurement(
                "edge", id, p.task.deviceId(), Measurement.TOTAL, "", 0, 0, ratio * p.total, now),
            1L);
      }
      h.processElement2(
          new Measurement("edge", id, p.task.deviceId(), Measurement.DONE, "", 0, 0, 0, now), 1L);
    }
    h.processElement1(batch(1, "b", 2048), 1L);
    return h;
  }
}
