package io.hybridsr.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job jar that {@code package} made (jobs/target/hybridsr-jobs-VERSION-flink.jar), entry by
 * entry: it holds the job, its operators and the Kafka connector, and none of what a Flink cluster
 * must not get from it: the CLI and its libraries (picocli, progress bars, XChart, JMH), the app,
 * device and in-JVM broker code, Kafka's server classes and Scala, logging, Flink itself or ONNX
 * Runtime (the image's lib/ has its GPU build).
 */
class FlinkJarITCase {
  /** Entry prefixes that must not be in the jar, with why. */
  private static final Map<String, String> FORBIDDEN =
      Map.ofEntries(
          Map.entry("picocli/", "picocli (the CLI's)"),
          Map.entry("me/tongfei/progressbar/", "progressbar (the CLI's)"),
          Map.entry("org/knowm/xchart/", "XChart (reports)"),
          Map.entry("org/openjdk/jmh/", "JMH"),
          Map.entry("io/hybridsr/app/", "the app module"),
          Map.entry("io/hybridsr/device/", "the device application"),
          Map.entry("io/hybridsr/kafka/broker/", "the in-JVM broker"),
          Map.entry("kafka/server/", "Kafka's server classes"),
          Map.entry("kafka/log/", "Kafka's server classes"),
          Map.entry("org/apache/kafka/metadata/", "kafka-metadata"),
          Map.entry("scala/", "Scala"),
          // kafka-clients has org/apache/kafka/server/{authorizer,policy,...} of its own: name the
          // server artifacts by the pom.properties the shade copies from each jar it includes.
          Map.entry("META-INF/maven/org.apache.kafka/kafka_2.13/", "kafka_2.13"),
          Map.entry("META-INF/maven/org.apache.kafka/kafka-server-common/", "kafka-server-common"),
          Map.entry("META-INF/maven/org.apache.kafka/kafka-server/", "kafka-server"),
          Map.entry("META-INF/maven/org.apache.kafka/kafka-metadata/", "kafka-metadata"),
          Map.entry("META-INF/maven/org.scala-lang/", "Scala"),
          Map.entry("META-INF/maven/info.picocli/", "picocli"),
          Map.entry("org/apache/logging/log4j/", "log4j (the cluster's)"),
          Map.entry("org/slf4j/", "SLF4J (the cluster's)"),
          Map.entry("org/apache/flink/streaming/api/", "Flink itself (the cluster's)"),
          Map.entry("org/apache/flink/runtime/", "Flink itself (the cluster's)"),
          Map.entry("ai/onnxruntime/", "ONNX Runtime (the image's lib/)"),
          Map.entry("log4j2.xml", "a logging configuration"));

  private static List<String> entries;
  private static JarFile jar;

  @BeforeAll
  static void open() throws Exception {
    String where = System.getProperty("hybridsr.flinkJar");
    assertNotNull(where, "failsafe passes hybridsr.flinkJar (jobs/pom.xml)");
    Path path = Path.of(where);
    assertTrue(Files.isRegularFile(path), path + " is built by package");
    jar = new JarFile(path.toFile());
    entries = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
  }

  @AfterAll
  static void close() throws Exception {
    jar.close();
  }

  @Test
  void holdsTheJobTheOperatorsAndTheKafkaConnector() throws Exception {
    for (Class<?> c :
        List.of(FlinkJobMain.class, HybridSrJob.class, GpuEdgeStage.class, JobConfig.class)) {
      assertTrue(entries.contains(c.getName().replace('.', '/') + ".class"), c.getName());
    }
    assertTrue(
        entries.contains("io/hybridsr/operators/plan/SchedulerBatchPlanner.class"),
        "the operators");
    assertTrue(
        entries.contains("org/apache/flink/connector/kafka/source/KafkaSource.class"),
        "the Kafka connector");
    assertTrue(
        entries.contains("org/apache/kafka/clients/consumer/KafkaConsumer.class"),
        "the Kafka clients");
    assertEquals(
        FlinkJobMain.class.getName(), jar.getManifest().getMainAttributes().getValue("Main-Class"));
  }

  @Test
  void holdsNoCliBrokerDeviceScalaLoggingOrFlink() {
    List<String> found = new ArrayList<>();
    for (String e : entries) {
      // Of Flink's own artifacts only connectors belong in a job jar.
      if (e.startsWith("META-INF/maven/org.apache.flink/")
          && e.endsWith("/pom.properties")
          && !e.contains("connector")) {
        found.add(e + " (Flink itself, the cluster's)");
      }
      FORBIDDEN.forEach(
          (prefix, what) -> {
            if (e.startsWith(prefix)) {
              found.add(e + " (" + what + ")");
            }
          });
    }
    assertTrue(
        found.isEmpty(),
        found.size()
            + " entries that must not be in the job jar, e.g. "
            + found.subList(0, Math.min(10, found.size())));
  }
}
