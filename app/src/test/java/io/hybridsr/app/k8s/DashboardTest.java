package io.hybridsr.app.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
  private static final Pattern REGISTER = Pattern.compile("\\.(counter|gauge|histogram|meter)\\(\\s*\"(\\w+)\"\\s*([,+)])");
  private static final Pattern REGISTER_LOOP = Pattern.compile("\\.(gauge|counter)\\(\\s*\"(\\w+)\"\\s*\\+\\s*(\\w+)\\[\\w+\\]");

  private static final Pattern REGISTER_PER_STAGE =
      Pattern.compile("\\.(histogram|gauge|counter)\\(\\s*\"(\\w+)\"\\s*\\+\\s*s\\.key\\(\\)\\.replace\\('-', '_'\\)");

  /** Metric name to type, read from the operator sources. */
  static Map<String, String> registeredMetrics() throws IOException {
    Map<String, String> metrics = new TreeMap<>();
    try (Stream<Path> files = Files.walk(Manifests.root().resolve("operators/src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String src = Files.readString(f);
        Matcher m = REGISTER.matcher(src);
        while (m.find()) {
          if (!m.group(3).equals("+")) {
            metrics.put(m.group(2), m.group(1));
          }
        }
        // One per stage: "predictionErrorPermille_" + s.key().replace('-', '_') over Stage.values().
        Matcher perStage = REGISTER_PER_STAGE.matcher(src);
        while (perStage.find()) {
          for (io.hybridsr.core.stage.Stage st : io.hybridsr.core.stage.Stage.values()) {
            metrics.put(perStage.group(2) + st.key().replace('-', '_'), perStage.group(1));
          }
        }
        // Names built in a loop: "predicted" + names[i] over a String[] literal in the same file.
        Matcher loop = REGISTER_LOOP.matcher(src);
        while (loop.find()) {
          Matcher arr = Pattern.compile("String\\[\\]\\s+" + loop.group(3) + "\\s*=\\s*\\{([^}]*)\\}").matcher(src);
          assertTrue(arr.find(), f + ": the names of " + loop.group(2) + "* are not a literal array");
          for (String part : arr.group(1).split(",")) {
            metrics.put(loop.group(2) + part.trim().replace("\"", ""), loop.group(1));
          }
        }
      }
    }
    return metrics;
  }

  @Test
  void sourceScanFindsTheJobsMetrics() throws IOException {
    Map<String, String> m = registeredMetrics();
    for (String c : List.of("tasksIn", "deadLetters", "plannedTasks", "degradedWindows", "generationFailures", "edgeSrFailures", "patchesOut")) {
      assertEquals("counter", m.get(c), c);
    }
    for (String g : List.of("saUtility", "saIterations", "predictedT1", "predictedT6", "predictedTotal", "edgeBusySlots", "edgeQueued", "edgeBacklogSeconds")) {
      assertEquals("gauge", m.get(g), g);
    }
    for (String h : List.of("windowSize", "schedulingMillis", "generationMillis", "edgeSrMillis", "edgeWaitMillis")) {
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
        assertTrue(type != null, "dashboard queries " + metric + ", which no operator registers (registered: " + registered.keySet() + ")");
        String after = e.substring(m.end());
        switch (type) {
          case "counter" -> assertTrue(e.contains("rate(" + PREFIX + name + "["), "a counter is queried as a rate: " + e);
          case "histogram" -> assertTrue(count || after.startsWith("{quantile="),
              "a histogram is a Prometheus summary: a quantile or _count: " + e);
          default -> assertTrue(!count && !after.startsWith("{quantile="), "a gauge is read as is: " + e);
        }
        used.add(metric);
      }
    }
    // What the issue asks the dashboard to show.
    for (String needed : List.of("tasksIn", "deadLetters", "saUtility", "generationMillis", "edgeSrMillis",
        "schedulingMillis", "edgeBusySlots", "edgeQueued", "edgeWaitMillis", "edgeBacklogSeconds", "rejectedTasks",
        "measurements", "predictionErrorPermille_generation", "predictionErrorPermille_device_sr", "predictedTotal")) {
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
    JsonNode dash = new ObjectMapper().readTree(Manifests.k8s().resolve("base/monitoring/hybridsr-dashboard.json").toFile());
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
