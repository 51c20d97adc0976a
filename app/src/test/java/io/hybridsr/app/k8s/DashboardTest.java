package io.hybridsr.app.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridsr.operators.metrics.JobMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard queries only metrics the operators register, each the way its type is
 * exported by Flink's Prometheus reporter.
 */
class DashboardTest {
  private static final String PREFIX = "flink_taskmanager_job_task_operator_";

  /** Metric name to type, from the one list the operators register through. */
  static Map<String, String> registeredMetrics() {
    Map<String, String> metrics = new TreeMap<>();
    for (JobMetric m : JobMetric.values()) {
      metrics.put(m.metricName(), m.type().name().toLowerCase(java.util.Locale.ROOT));
    }
    return metrics;
  }

  @Test
  void operatorsRegisterOnlyThroughJobMetric() throws IOException {
    // A literal name would bypass the list the dashboard and docs are checked against.
    Pattern literal = Pattern.compile("\\.(counter|gauge|histogram|meter)\\(\\s*\"");
    Pattern used = Pattern.compile("JobMetric\\.([A-Z0-9_]+)");
    java.util.Set<String> referenced = new java.util.TreeSet<>();
    try (Stream<Path> files = Files.walk(Manifests.root().resolve("operators/src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String src = Files.readString(f);
        assertFalse(literal.matcher(src).find(), f + " registers a metric by a literal name");
        Matcher m = used.matcher(src);
        while (m.find()) {
          referenced.add(m.group(1));
        }
      }
    }
    for (JobMetric m : JobMetric.values()) {
      boolean viaHelper =
          m.name().startsWith("PREDICTED_") || m.name().startsWith("PREDICTION_ERROR_");
      assertTrue(
          viaHelper || referenced.contains(m.name()),
          m + " is listed but no operator registers it");
    }
  }

  @Test
  void theDocsListEveryMetric() throws IOException {
    String docs = Files.readString(Manifests.root().resolve("docs/streaming.md"));
    for (JobMetric m : JobMetric.values()) {
      String name = m.metricName();
      boolean listed =
          docs.contains("`" + name + "`")
              || name.startsWith("predicted") && docs.contains("`predictedT1`..`predictedT6`")
              || name.startsWith("predictionErrorPermille_")
                  && docs.contains("`predictionErrorPermille_<stage>`");
      assertTrue(listed, "docs/streaming.md does not list " + name);
    }
  }

  @Test
  void theListHasTheJobsMetricsWithTheirTypes() {
    Map<String, String> m = registeredMetrics();
    for (String c :
        List.of(
            "tasksIn",
            "deadLetters",
            "plannedTasks",
            "degradedWindows",
            "generationFailures",
            "edgeSrFailures",
            "patchesOut")) {
      assertEquals("counter", m.get(c), c);
    }
    for (String g :
        List.of(
            "saUtility",
            "saIterations",
            "predictedT1",
            "predictedT6",
            "predictedTotal",
            "edgeBusySlots",
            "edgeQueued",
            "edgeBacklogSeconds",
            "admissionFactor")) {
      assertEquals("gauge", m.get(g), g);
    }
    for (String h :
        List.of(
            "windowSize",
            "schedulingMillis",
            "generationMillis",
            "edgeSrMillis",
            "edgeWaitMillis")) {
      assertEquals("histogram", m.get(h), h);
    }
  }

  @Test
  void everyQueriedMetricIsRegisteredAndQueriedByItsType() throws IOException {
    Map<String, String> registered = registeredMetrics();
    List<String> exprs = expressions();
    assertTrue(exprs.size() >= 8, "queries: " + exprs.size());
    Pattern use = Pattern.compile(PREFIX + "(\\w+)");
    List<String> used = new ArrayList<>();
    for (String e : exprs) {
      Matcher m = use.matcher(e);
      assertTrue(m.find(), "query uses no hybridsr metric: " + e);
      m.reset();
      while (m.find()) {
        String name = m.group(1);
        boolean count = name.endsWith("_count");
        String metric = count ? name.substring(0, name.length() - "_count".length()) : name;
        String type = registered.get(metric);
        assertTrue(
            type != null,
            "dashboard queries "
                + metric
                + ", which no operator registers (registered: "
                + registered.keySet()
                + ")");
        String after = e.substring(m.end());
        switch (type) {
          case "counter" ->
              assertTrue(
                  e.contains("rate(" + PREFIX + name + "["),
                  "a counter is queried as a rate: " + e);
          case "histogram" ->
              assertTrue(
                  count || after.startsWith("{quantile="),
                  "a histogram is a Prometheus summary: a quantile or _count: " + e);
          default ->
              assertTrue(!count && !after.startsWith("{quantile="), "a gauge is read as is: " + e);
        }
        used.add(metric);
      }
    }
    // What the issue asks the dashboard to show.
    for (String needed :
        List.of(
            "tasksIn",
            "deadLetters",
            "saUtility",
            "generationMillis",
            "edgeSrMillis",
            "schedulingMillis",
            "edgeBusySlots",
            "edgeQueued",
            "edgeWaitMillis",
            "edgeBacklogSeconds",
            "admissionFactor",
            "rejectedTasks",
            "measurements",
            "predictionErrorPermille_generation",
            "predictionErrorPermille_device_sr",
            "predictedTotal")) {
      assertTrue(used.contains(needed), "the dashboard shows " + needed);
    }
  }

  @Test
  void dashboardIsProvisionedToGrafana() {
    JsonNode kz = Manifests.read(Manifests.k8s().resolve("base/kustomization.yaml")).get(0).node();
    JsonNode gen = kz.path("configMapGenerator").get(0);
    assertEquals("monitoring/hybridsr-dashboard.json", gen.path("files").get(0).asText());
    assertEquals("1", gen.path("options").path("labels").path("grafana_dashboard").asText());
  }

  private static List<String> expressions() throws IOException {
    JsonNode dash =
        new ObjectMapper()
            .readTree(Manifests.k8s().resolve("base/monitoring/hybridsr-dashboard.json").toFile());
    assertTrue(Set.of("hybridsr").contains(dash.path("title").asText()));
    List<String> out = new ArrayList<>();
    for (JsonNode panel : dash.path("panels")) {
      for (JsonNode t : panel.path("targets")) {
        out.add(t.path("expr").asText());
      }
    }
    return out;
  }
}
