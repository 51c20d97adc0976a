package io.hybridsr.device;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The device's runtime classpath, as Maven resolved it for this build
 * (target/runtime-dependencies.txt, written by {@code dependency:list} before the tests): no Flink,
 * no Kafka broker or Scala, none of the job's or the CLI's modules. A Jetson runs the device jar
 * alone (k8s/images/device/Dockerfile).
 */
class DeviceClasspathTest {
  private static List<String> artifacts() throws Exception {
    Path list = Path.of("target", "runtime-dependencies.txt");
    assertTrue(
        Files.isRegularFile(list),
        list.toAbsolutePath() + " is written by the build (device-consumer/pom.xml)");
    // Lines look like "   org.apache.kafka:kafka-clients:jar:4.2.0:compile -- module
    // kafka.clients".
    List<String> ids =
        Files.readAllLines(list).stream()
            .map(String::trim)
            .filter(l -> l.split(":").length >= 5)
            .map(l -> l.split("\\s")[0])
            .toList();
    assertTrue(
        ids.stream().anyMatch(a -> a.startsWith("org.apache.kafka:kafka-clients:")),
        "the list holds the device's dependencies: " + ids);
    return ids;
  }

  @Test
  void noFlinkBrokerScalaOrJobModules() throws Exception {
    List<String> bad =
        artifacts().stream()
            .filter(
                a ->
                    a.startsWith("org.apache.flink:")
                        || a.startsWith("org.apache.kafka:kafka_")
                        || a.startsWith("org.apache.kafka:kafka-server")
                        || a.startsWith("org.apache.kafka:kafka-metadata")
                        || a.startsWith("org.scala-lang:")
                        || a.startsWith("io.hybridsr:hybridsr-operators:")
                        || a.startsWith("io.hybridsr:hybridsr-jobs:")
                        || a.startsWith("io.hybridsr:hybridsr-app:")
                        || a.startsWith("io.hybridsr:hybridsr-kafka-broker:"))
            .toList();
    assertTrue(bad.isEmpty(), "the device's runtime classpath holds " + bad);
  }
}
