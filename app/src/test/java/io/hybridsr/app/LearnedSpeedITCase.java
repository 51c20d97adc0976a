package io.hybridsr.app;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridsr.core.stage.RunnerSet;
import io.hybridsr.core.stage.Stage;
import io.hybridsr.core.stage.StageModel;
import io.hybridsr.core.stage.StageModels;
import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.jobs.HybridSrJob;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.operators.plan.SchedulerBatchPlanner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop that makes the planner's predictions track this machine, through the real job, the real
 * broker and the measurements topic: an edge whose runners take a known time ({@code a + b x
 * units}, really spent) is planned from a profile that thinks it 2x faster. Predictions converge to
 * the measured times; when the runner gets 3x slower midway, they follow within 10 tasks and the
 * planner chooses cheaper configurations.
 */
class LearnedSpeedITCase extends BrokerAndFlinkTestBase {
  static final RunnerSet RUNNERS = new RunnerSet("paced-gen", "paced-sr", "dsr", "link");

  /** The runner's true speed: seconds = a + b x mega cell-steps. */
  static final double[] GENERATION = {0.05, 0.5};

  /** Edge SR: seconds = c + d x input megapixels. */
  static final double[] EDGE_SR = {0.05, 1.0};

  static final int BEFORE = 12;
  static final int AFTER = 12;
  static final double SLOWDOWN = 3;

  @TempDir Path dir;

  @Test
  void predictionsFollowTheMeasuredSpeedAndTheChoicesFollowTheSpeed() throws Exception {
    PacedEdgeStage.slowdown = 1;
    PacedEdgeStage.GENERATION_SECONDS.clear();
    String bootstrap = broker.bootstrapServers();
    JobOptions o =
        JobOptions.builder()
            .bootstrapServers(bootstrap)
            .groupId("learned-speed-it")
            .batchSize(1)
            .maxWait(Duration.ofMillis(50))
            .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    SchedulerBatchPlanner planner =
        new SchedulerBatchPlanner(
            new SchedulerBatchPlanner.Settings(
                profile().toString(), 1.0, 7, RUNNERS, 1, 8, false, true));
    HybridSrJob.wireKafka(
        env,
        o,
        planner,
        new PacedEdgeStage(RUNNERS.generation(), GENERATION, RUNNERS.edgeSr(), EDGE_SR));
    JobClient job = env.executeAsync("learned-speed-it");
    List<String> ids = new ArrayList<>();
    try {
      // The measurements source starts at the topic's end: let it find its partitions first.
      Thread.sleep(3000);
      for (int i = 0; i < BEFORE + AFTER; i++) {
        if (i == BEFORE) {
          PacedEdgeStage.slowdown = SLOWDOWN;
        }
        Task t =
            new Task(
                "pace-" + i,
                "user-" + i,
                "pace-dev",
                "pace-edge",
                1024,
                1024,
                0.9,
                "a lighthouse at dusk");
        ids.add(t.taskId());
        KafkaTestIO.send(
            bootstrap,
            Topics.TASKS,
            List.of(new String(TaskJson.formatBytes(t), java.nio.charset.StandardCharsets.UTF_8)));
        // One task at a time, each planned after the previous one's measurements came back.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!PacedEdgeStage.GENERATION_SECONDS.containsKey(t.taskId())) {
          assertTrue(System.nanoTime() < deadline, "task " + t.taskId() + " was not served");
          Thread.sleep(20);
        }
        Thread.sleep(400);
      }
      var results =
          KafkaTestIO.readUntil(
              bootstrap,
              Topics.RESULTS,
              r -> KafkaTestIO.countByTask(r, Outcome.Status.PLANNED).keySet().containsAll(ids),
              Duration.ofSeconds(60));
      Map<String, Outcome> planned = new LinkedHashMap<>();
      for (var r : results) {
        Outcome out = JsonCodec.fromBytes(r.value(), Outcome.class);
        if (out.status() == Outcome.Status.PLANNED) {
          planned.put(out.taskId(), out);
        }
      }
      // Predicted generation service (its T1 without the wait) over what the runner took.
      double[] ratio = new double[ids.size()];
      StringBuilder log = new StringBuilder();
      for (int i = 0; i < ids.size(); i++) {
        Outcome p = planned.get(ids.get(i));
        double predicted = p.predicted().t1() - p.predicted().edgeWait();
        double measured = PacedEdgeStage.GENERATION_SECONDS.get(ids.get(i));
        ratio[i] = predicted / measured;
        log.append(
            String.format(
                Locale.ROOT,
                "%n%s S=%d D=%d predicted %.3f s measured %.3f s",
                ids.get(i),
                p.scale(),
                p.steps(),
                predicted,
                measured));
      }
      String trace = log.toString();
      System.out.println("LearnedSpeedITCase:" + trace);
      assertTrue(ratio[0] > 0.35 && ratio[0] < 0.7, "the profile starts 2x too fast" + trace);
      for (int i = BEFORE - 3; i < BEFORE; i++) {
        assertTrue(Math.abs(ratio[i] - 1) < 0.2, "converged before the slowdown" + trace);
      }
      assertTrue(ratio[BEFORE] < 0.6, "the slowdown is a surprise at first" + trace);
      for (int i = BEFORE + 7; i < BEFORE + 10; i++) {
        assertTrue(Math.abs(ratio[i] - 1) < 0.2, "followed within 10 tasks" + trace);
      }
      // The same task at 3x the cost: the planner now spends less generation on it.
      List<String> before = new ArrayList<>();
      List<String> after = new ArrayList<>();
      double workBefore = 0;
      double workAfter = 0;
      for (int i = BEFORE - 4; i < BEFORE; i++) {
        Outcome p = planned.get(ids.get(i));
        before.add(p.scale() + "x" + p.steps());
        workBefore += PacedEdgeStage.GENERATION_SECONDS.get(ids.get(i));
      }
      for (int i = BEFORE + AFTER - 4; i < BEFORE + AFTER; i++) {
        Outcome p = planned.get(ids.get(i));
        after.add(p.scale() + "x" + p.steps());
        workAfter += PacedEdgeStage.GENERATION_SECONDS.get(ids.get(i)) / SLOWDOWN;
      }
      assertNotEquals(before, after, "configurations change when the runner slows" + trace);
      assertTrue(workAfter < workBefore, "cheaper generation after the slowdown" + trace);
    } finally {
      job.cancel().get();
      PacedEdgeStage.slowdown = 1;
    }
  }

  /** The paper's testbed with L0 = 8 s and stage models 2x faster than the paced runners. */
  private Path profile() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = io.hybridsr.core.sim.ProfileTree.read(null);
    ((ObjectNode) root.path("scheduler").path("latencyBoundSeconds")).put("value", 8);
    StageModels models =
        new StageModels(
            List.of(
                new StageModel(
                    Stage.GENERATION,
                    RUNNERS.generation(),
                    GENERATION[0] / 2,
                    GENERATION[1] / 2,
                    0,
                    "2x too fast"),
                new StageModel(
                    Stage.EDGE_SR,
                    RUNNERS.edgeSr(),
                    EDGE_SR[0] / 2,
                    EDGE_SR[1] / 2,
                    0,
                    "2x too fast"),
                new StageModel(Stage.DEVICE_SR, RUNNERS.deviceSr(), 0.01, 0.05, 0, "test"),
                new StageModel(Stage.STITCH, RUNNERS.deviceSr(), 0.01, 0.01, 0, "test"),
                new StageModel(Stage.LINK_FG, RUNNERS.link(), 0, 0.02, 0, "test"),
                new StageModel(Stage.LINK_BG, RUNNERS.link(), 0, 0.02, 0, "test")),
            "test");
    root.set(StageModels.SECTION, models.toJson(json));
    Path f = dir.resolve("profile.json");
    json.writeValue(f.toFile(), root);
    return f;
  }
}
