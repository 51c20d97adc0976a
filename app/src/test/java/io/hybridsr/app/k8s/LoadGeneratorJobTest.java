package io.hybridsr.app.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.kafka.Topics;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The load generator sends valid tasks, keyed by user, to the tasks topic, for deployed devices.
 */
class LoadGeneratorJobTest {
  private final Job job = Manifests.one(Manifests.baseDocs(), Job.class, "hybridsr-loadgen");
  private final PodSpec pod = job.getSpec().getTemplate().getSpec();
  private final Container main = pod.getContainers().get(0);

  @Test
  void tasksAreValidKeyedByUserAndForDeployedDevices() {
    ConfigMap cm = Manifests.one(Manifests.baseDocs(), ConfigMap.class, "hybridsr-loadgen-tasks");
    String text = cm.getData().get("tasks.txt");
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    assertTrue(lines.size() >= 4, "a few tasks per round");
    Set<String> ids = new HashSet<>();
    Set<String> devices = new HashSet<>();
    for (String line : lines) {
      int bar = line.indexOf('|');
      assertTrue(bar > 0, "key|value: " + line);
      // The job parses exactly what the producer sends; the run id makes ids unique per round.
      Task t = TaskJson.parse(line.substring(bar + 1).replace("@RUN@", "1700000000-1"));
      assertEquals(t.userId(), line.substring(0, bar), "records are keyed by user");
      assertTrue(ids.add(t.taskId()), "task ids are unique: " + t.taskId());
      devices.add(t.deviceId());
    }
    assertEquals(
        new HashSet<>(Manifests.deviceIds()),
        devices,
        "tasks reach every deployed device, and only those");
  }

  @Test
  void producesToTheTasksTopicAsTheLoadgenPrincipal() {
    String topic =
        main.getEnv().stream()
            .filter(e -> e.getName().equals("TOPIC"))
            .findFirst()
            .orElseThrow()
            .getValue();
    assertEquals(Topics.TASKS, topic);
    String bootstrap =
        main.getEnv().stream()
            .filter(e -> e.getName().equals("BOOTSTRAP"))
            .findFirst()
            .orElseThrow()
            .getValue();
    assertEquals(Manifests.kafkaBootstrap(), bootstrap);
    String script = String.join(" ", main.getCommand());
    assertTrue(
        script.contains("--producer.config \"$HYBRIDSR_KAFKA_PROPERTIES\"")
            && script.contains("parse.key=true")
            && script.contains("key.separator=|"),
        script);
    assertEquals("Never", pod.getRestartPolicy());
    // The console producer reads the properties file the init container writes.
    Manifests.assertKafkaClient(pod, main, "hybridsr-loadgen", "loadgen Job");
  }
}
