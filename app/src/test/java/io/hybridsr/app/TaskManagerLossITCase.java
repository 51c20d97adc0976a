package io.hybridsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.jobs.HybridSrJob;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.operators.plan.SchedulerBatchPlanner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.Test;

/** A TaskManager lost mid-run: the job restarts on a new one and plans every task exactly once. */
class TaskManagerLossITCase extends BrokerAndFlinkTestBase {
  @Test
  void shouldPlanEveryTaskAfterATaskManagerIsLost(@InjectMiniCluster MiniCluster cluster)
      throws Exception {
    JobOptions o =
        JobOptions.builder()
            .bootstrapServers(broker.bootstrapServers())
            .groupId("tm-loss")
            .batchSize(4)
            .maxWait(Duration.ofMillis(300))
            .planOnly(true)
            .checkpointInterval(Duration.ofMillis(500))
            .restartAttempts(20)
            .restartDelay(Duration.ofMillis(500))
            .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    HybridSrJob.wireKafka(env, o, new SchedulerBatchPlanner(null, 1.0, 2), null);
    JobClient job = env.executeAsync("tm-loss");
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      first.add(TaskJson.format(new Task("tm-a" + i, "u" + i, "d", "e", 1024, 1024, 0.5, "p")));
      second.add(TaskJson.format(new Task("tm-b" + i, "u" + i, "d", "e", 1024, 1024, 0.5, "p")));
    }
    try {
      KafkaTestIO.send(broker.bootstrapServers(), Topics.TASKS, first);
      KafkaTestIO.readUntil(
          broker.bootstrapServers(),
          Topics.RESULTS,
          r -> KafkaTestIO.countByTask(r, Outcome.Status.PLANNED).size() >= 20,
          Duration.ofSeconds(60));
      Thread.sleep(1500); // let a checkpoint complete
      cluster.startTaskManager();
      cluster.terminateTaskManager(0).get();
      KafkaTestIO.send(broker.bootstrapServers(), Topics.TASKS, second);
      var results =
          KafkaTestIO.readUntil(
              broker.bootstrapServers(),
              Topics.RESULTS,
              r -> KafkaTestIO.countByTask(r, Outcome.Status.PLANNED).size() >= 40,
              Duration.ofSeconds(120));
      Map<String, Integer> planned = KafkaTestIO.countByTask(results, Outcome.Status.PLANNED);
      assertEquals(40, planned.size(), "every task planned after the loss: " + planned.keySet());
    } finally {
      job.cancel().get();
    }
  }
}
