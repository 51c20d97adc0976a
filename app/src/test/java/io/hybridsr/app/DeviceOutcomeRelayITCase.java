package io.hybridsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.jobs.HybridSrJob;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.DeadLetterHeaders;
import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.operators.plan.SchedulerBatchPlanner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The results boundary, through the real job on a MiniCluster and a real broker: devices write
 * outcomes to their own topics, and the job relays to hybridsr.results only the outcomes of tasks
 * planned for the device that wrote them, once per task and status. Device A's COMPLETED for a task
 * planned for device B is dead-lettered with the reason and never relayed.
 *
 * <p>The edge stage is a stub (no models, no patches): the test plays the devices, so it can also
 * write what a compromised device would.
 */
class DeviceOutcomeRelayITCase extends BrokerAndFlinkTestBase {
  static final String A = "relay-a";
  static final String B = "relay-b";

  @Test
  void shouldRelayGenuineOutcomesOnceAndDeadLetterAForgedOne(@InjectClusterRESTAddress URI rest)
      throws Exception {
    String bootstrap = broker.bootstrapServers();
    try (TopicAdmin admin = TopicAdmin.forBootstrap(bootstrap, Map.of())) {
      admin.ensureDeviceTopic(A); // B's topics appear only after the job started: discovery
    }
    JobOptions o =
        JobOptions.builder()
            .bootstrapServers(bootstrap)
            .groupId("relay-it")
            .batchSize(2)
            .maxWait(Duration.ofMillis(300))
            .deviceOutcomeWait(Duration.ofSeconds(10))
            .outcomeTopicDiscovery(Duration.ofMillis(500))
            .build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    HybridSrJob.wireKafka(env, o, new SchedulerBatchPlanner(null, 1.0, 3), new NoEdgeStage());
    JobClient job = env.executeAsync("relay-it");
    // what the demo waits for before it sends: every vertex RUNNING, as the REST API reports it
    String base = rest.toString().replaceAll("/+$", "");
    assertTrue(
        LocalFlink.awaitRunning(base, job.getJobID().toString(), Duration.ofSeconds(60)),
        "the job's vertices are running");
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      Task a1 = task("r-a1", A);
      Task a2 = task("r-a2", A);
      Task a3 = task("r-a3", A);
      Task b1 = task("r-b1", B);
      Task b2 = task("r-b2", B);
      for (Task t : List.of(a1, b1, b2, a3)) {
        send(producer, Topics.TASKS, t.userId(), TaskJson.formatBytes(t));
      }
      try (TopicAdmin admin = TopicAdmin.forBootstrap(bootstrap, Map.of())) {
        admin.ensureDeviceTopic(B);
      }
      KafkaTestIO.readUntil(
          bootstrap,
          Topics.RESULTS,
          r ->
              KafkaTestIO.countByTask(r, Outcome.Status.PLANNED)
                  .keySet()
                  .containsAll(List.of("r-a1", "r-a3", "r-b1", "r-b2")),
          Duration.ofSeconds(60));

      String topicA = Topics.deviceOutcomeTopic(A);
      // An outcome that reaches the job before its task is planned waits for the plan.
      send(producer, topicA, "r-a2", outcome(a2, A, Outcome.Status.COMPLETED));
      send(producer, Topics.TASKS, a2.userId(), TaskJson.formatBytes(a2));
      send(producer, topicA, "r-a1", outcome(a1, A, Outcome.Status.COMPLETED));
      send(producer, topicA, "r-a1", outcome(a1, A, Outcome.Status.COMPLETED)); // a redo: dropped
      // Device A, compromised: claims B's task from its own topic ...
      send(producer, topicA, "r-b1", outcome(b1, A, Outcome.Status.COMPLETED));
      // ... names B as the device on its own topic, sends a kind only the edge sends,
      // and reports a task nobody planned.
      send(producer, topicA, "r-b2", outcome(b2, B, Outcome.Status.COMPLETED));
      send(producer, topicA, "r-a1", outcome(a1, A, Outcome.Status.PLANNED));
      send(producer, topicA, "r-ghost", outcome(task("r-ghost", A), A, Outcome.Status.COMPLETED));
      // Last on A's topic: once this is relayed, everything before it was judged.
      send(producer, topicA, "r-a3", outcome(a3, A, Outcome.Status.COMPLETED));
      String topicB = Topics.deviceOutcomeTopic(B);
      send(producer, topicB, "r-b1", outcome(b1, B, Outcome.Status.COMPLETED));
      send(producer, topicB, "r-b2", outcome(b2, B, Outcome.Status.INCOMPLETE));
      producer.flush();

      // The unplanned one is refused only after deviceOutcomeWait: by then all else is done.
      var dlq =
          KafkaTestIO.readUntil(
              bootstrap,
              Topics.TASKS_DLQ,
              r -> fromTopic(r, topicA).size() >= 4,
              Duration.ofSeconds(90));
      Map<String, String> reasons = new TreeMap<>();
      for (var r : fromTopic(dlq, topicA)) {
        reasons.put(
            new String(r.key(), StandardCharsets.UTF_8)
                + ":"
                + JsonCodec.fromBytes(r.value(), Outcome.class).status(),
            DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.REASON));
        assertEquals(topicA, DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.SOURCE_TOPIC));
      }
      assertEquals(
          Set.of("r-b1:COMPLETED", "r-b2:COMPLETED", "r-a1:PLANNED", "r-ghost:COMPLETED"),
          reasons.keySet(),
          reasons.toString());
      assertTrue(
          reasons
              .get("r-b1:COMPLETED")
              .startsWith(
                  "forged: task 'r-b1' was planned for device '"
                      + B
                      + "', but this COMPLETED outcome came from device '"
                      + A
                      + "'"),
          reasons.toString());
      assertTrue(
          reasons
              .get("r-b2:COMPLETED")
              .startsWith(
                  "forged: outcome names device '"
                      + B
                      + "' but was written to the outcome topic of device '"
                      + A
                      + "'"),
          reasons.toString());
      assertTrue(
          reasons.get("r-a1:PLANNED").contains("not one a device may report"), reasons.toString());
      assertTrue(
          reasons.get("r-ghost:COMPLETED").startsWith("unplanned: no plan for task 'r-ghost'"),
          reasons.toString());

      // A relay happens within milliseconds of its outcome; the ghost's refusal came seconds
      // after all of them, so the results topic now holds every relay there will be.
      var results = KafkaTestIO.readToEnd(bootstrap, Topics.RESULTS, Duration.ofSeconds(30));
      Map<String, Integer> n = new TreeMap<>();
      for (Outcome out : relayed(results)) {
        n.merge(out.taskId() + ":" + out.status(), 1, Integer::sum);
        String planned = out.taskId().startsWith("r-a") ? A : B;
        assertEquals(planned, out.deviceId(), out.toString());
        assertEquals("device:" + planned, out.source(), out.toString());
      }
      assertEquals(
          Map.of(
              "r-a1:COMPLETED",
              1,
              "r-a2:COMPLETED",
              1,
              "r-a3:COMPLETED",
              1,
              "r-b1:COMPLETED",
              1,
              "r-b2:INCOMPLETE",
              1),
          n,
          "each genuine outcome relayed once, nothing else");
      assertEquals(
          5,
          KafkaTestIO.countByTask(results, Outcome.Status.PLANNED).size(),
          "the job's own outcomes are untouched");

      // Each refusal and relay is counted in the operators' metrics (as the dashboard shows them).
      Map<String, Long> want =
          Map.of(
              "malformedDeviceOutcomes",
              2L,
              "forgedDeviceOutcomes",
              1L,
              "unplannedDeviceOutcomes",
              1L,
              "duplicateDeviceOutcomes",
              1L,
              "relayedDeviceOutcomes",
              5L);
      Map<String, Long> metrics = Map.of();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!metrics.equals(want) && System.nanoTime() < deadline) {
        metrics = counters(rest, job.getJobID().toString(), want.keySet());
        if (!metrics.equals(want)) {
          Thread.sleep(500);
        }
      }
      assertEquals(want, metrics);
    } finally {
      job.cancel().get();
    }
  }

  /** The summed values of the operator counters named {@code names}, from the REST API. */
  private static Map<String, Long> counters(URI rest, String jobId, Set<String> names)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    Map<String, Long> sums = new TreeMap<>();
    for (JsonNode vertex : get(http, json, rest, "jobs/" + jobId).path("vertices")) {
      String base = "jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/metrics";
      List<String> ids = new ArrayList<>();
      for (JsonNode m : get(http, json, rest, base)) {
        String id = m.path("id").asText();
        if (names.contains(id.substring(id.lastIndexOf('.') + 1))) {
          ids.add(id);
        }
      }
      if (ids.isEmpty()) {
        continue;
      }
      for (JsonNode m : get(http, json, rest, base + "?get=" + String.join(",", ids))) {
        String id = m.path("id").asText();
        sums.merge(
            id.substring(id.lastIndexOf('.') + 1),
            (long) Double.parseDouble(m.path("value").asText()),
            Long::sum);
      }
    }
    return sums;
  }

  private static JsonNode get(HttpClient http, ObjectMapper json, URI rest, String path)
      throws Exception {
    String base = rest.toString().endsWith("/") ? rest.toString() : rest + "/";
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return json.readTree(r.body());
  }

  private static Task task(String id, String device) {
    return new Task(id, "u-" + id, device, "edge-relay", 1024, 1024, 0.5, "a kite over dunes");
  }

  /** What device {@code writer}'s application would send for {@code t}, naming {@code device}. */
  private static byte[] outcome(Task t, String device, Outcome.Status status) {
    return JsonCodec.toBytes(
        new Outcome(
            t.taskId(),
            t.userId(),
            device,
            null,
            status,
            "device:" + device,
            status == Outcome.Status.INCOMPLETE ? "patches did not all arrive" : null,
            2,
            20,
            512,
            512,
            t.targetWidth(),
            t.targetHeight(),
            null,
            null,
            null,
            null,
            new Outcome.Timings(1.0, 0.5, 0.4, 0.1, 0.2, 0.6, 1.6),
            "/out/" + t.taskId() + ".png",
            null,
            System.currentTimeMillis()));
  }

  /** Outcomes on hybridsr.results that a device wrote (the job's own say "edge"). */
  private static List<Outcome> relayed(List<ConsumerRecord<byte[], byte[]>> records) {
    List<Outcome> out = new ArrayList<>();
    for (var r : records) {
      Outcome oc = JsonCodec.fromBytes(r.value(), Outcome.class);
      if (oc.status() != Outcome.Status.PLANNED && oc.taskId().startsWith("r-")) {
        out.add(oc);
      }
    }
    return out;
  }

  private static List<ConsumerRecord<byte[], byte[]>> fromTopic(
      List<ConsumerRecord<byte[], byte[]>> dlq, String topic) {
    return dlq.stream()
        .filter(
            r -> topic.equals(DeadLetterHeaders.read(r.headers(), DeadLetterHeaders.SOURCE_TOPIC)))
        .toList();
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static void send(KafkaProducer<byte[], byte[]> p, String topic, String key, byte[] value)
      throws Exception {
    p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
  }
}
