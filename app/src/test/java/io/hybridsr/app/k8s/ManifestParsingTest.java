package io.hybridsr.app.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hybridsr.app.k8s.Manifests.Doc;
import io.hybridsr.jobs.FlinkJobMain;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Every manifest under k8s/ parses as its real type, with no field its type does not know. */
class ManifestParsingTest {

  @Test
  void everyDocumentParsesAsItsRealType() {
    List<Doc> docs = Manifests.allDocs();
    assertTrue(
        docs.size() >= 20, "expected the whole deployment, found " + docs.size() + " documents");
    Set<String> kinds = new HashSet<>();
    for (Doc d : docs) {
      Manifests.parse(d);
      kinds.add(d.kind());
    }
    assertTrue(
        kinds.containsAll(
            Set.of(
                "FlinkDeployment",
                "Kafka",
                "KafkaNodePool",
                "KafkaTopic",
                "KafkaUser",
                "Deployment",
                "Job",
                "ConfigMap",
                "PodMonitor")),
        "kinds found: " + kinds);
  }

  @Test
  void aMisspeltFieldIsCaught() throws IOException {
    // The strictness the other checks rely on: model classes would otherwise keep it silently.
    JsonNode topic =
        Manifests.YAML.readTree(
            """
        apiVersion: kafka.strimzi.io/v1beta2
        kind: KafkaTopic
        metadata: {name: t}
        spec: {topicName: t, partitons: 4}
        """);
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> Manifests.parse(new Doc(Path.of("k8s/x.yaml").toAbsolutePath(), topic)));
    assertTrue(e.getMessage().contains("partitons"), e.getMessage());
  }

  @Test
  void podMonitorsScrapeANamedPort() {
    for (Doc d : Manifests.allDocs()) {
      if (!d.kind().equals("PodMonitor")) {
        continue;
      }
      GenericKubernetesResource pm = (GenericKubernetesResource) Manifests.parse(d);
      @SuppressWarnings("unchecked")
      Map<String, Object> spec = (Map<String, Object>) pm.getAdditionalProperties().get("spec");
      assertTrue(spec.containsKey("selector"), d + ": selector");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> endpoints =
          (List<Map<String, Object>>) spec.get("podMetricsEndpoints");
      assertFalse(endpoints == null || endpoints.isEmpty(), d + ": podMetricsEndpoints");
      assertEquals(
          Set.of("interval", "path", "port"),
          new HashSet<>(endpoints.get(0).keySet()),
          d.toString());
    }
  }

  /** Where kubectl is installed, each overlay renders and every rendered object parses too. */
  @Test
  void overlaysRenderWithKustomize() throws Exception {
    Assumptions.assumeTrue(onPath("kubectl"), "kubectl not installed");
    for (String overlay : List.of("dev", "production")) {
      Path dir = Manifests.k8s().resolve("overlays").resolve(overlay);
      Path out = Files.createTempFile("kustomize-" + overlay, ".yaml");
      try {
        Process p =
            new ProcessBuilder("kubectl", "kustomize", dir.toString())
                .redirectOutput(out.toFile())
                .redirectErrorStream(false)
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize " + overlay + " timed out");
        String err = new String(p.getErrorStream().readAllBytes());
        assertEquals(0, p.exitValue(), "kubectl kustomize " + overlay + ": " + err);
        List<Doc> rendered = Manifests.read(out);
        List<String> names = new ArrayList<>();
        for (Doc d : rendered) {
          Manifests.parse(d);
          names.add(d.kind() + "/" + d.name());
        }
        assertTrue(
            names.contains("FlinkDeployment/hybridsr") && names.contains("Kafka/hybridsr"),
            overlay + " renders " + names);
        assertTrue(
            names.stream().anyMatch(n -> n.startsWith("KafkaNodePool/")),
            overlay + ": a node pool");
        checkRendered(overlay, rendered);
      } finally {
        Files.deleteIfExists(out);
      }
    }
  }

  /** What each overlay is for shows in its rendered output (patches landed where meant). */
  private static void checkRendered(String overlay, List<Doc> rendered) {
    FlinkDeployment flink = Manifests.one(rendered, FlinkDeployment.class, "hybridsr");
    assertEquals(FlinkJobMain.class.getName(), flink.getSpec().getJob().getEntryClass(), overlay);
    Container main =
        FlinkDeploymentTest.container(
            flink.getSpec().getPodTemplate().getSpec(), "flink-main-container");
    Set<String> env = new HashSet<>();
    main.getEnv().forEach(e -> env.add(e.getName()));
    assertTrue(env.contains("HYBRIDSR_KAFKA_PROPERTIES"), overlay + ": " + env);
    List<Deployment> devices = Manifests.all(rendered, Deployment.class);
    List<KafkaTopic> topics = Manifests.all(rendered, KafkaTopic.class);
    if (overlay.equals("dev")) {
      devices.forEach(
          d -> {
            Map<String, String> selector = d.getSpec().getTemplate().getSpec().getNodeSelector();
            assertTrue(
                selector == null || selector.isEmpty(),
                "dev: devices run on the dev node: " + selector);
          });
      topics.forEach(t -> assertEquals(1, t.getSpec().getReplicas(), "dev: one broker"));
    } else {
      devices.forEach(
          d ->
              assertEquals(
                  "arm64",
                  d.getSpec().getTemplate().getSpec().getNodeSelector().get("kubernetes.io/arch"),
                  "production: Jetsons"));
      topics.forEach(t -> assertEquals(3, t.getSpec().getReplicas(), "production: replication 3"));
      assertTrue(
          env.containsAll(
              Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "ENABLE_BUILT_IN_PLUGINS")),
          "production: S3 credentials on the main container: " + env);
      assertTrue(
          flink
              .getSpec()
              .getFlinkConfiguration()
              .get("execution.checkpointing.dir")
              .startsWith("s3://"));
      assertEquals(FlinkJobMain.class.getName(), flink.getSpec().getJob().getEntryClass());
      assertEquals(2, flink.getSpec().getTaskManager().getReplicas());
      assertTrue(
          flink.getSpec().getTaskManager().getPodTemplate().getSpec().getNodeSelector() != null,
          "production: the GPU node selector survives the patch");
    }
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
