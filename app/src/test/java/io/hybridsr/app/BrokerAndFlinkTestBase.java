package io.hybridsr.app;

import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.broker.EmbeddedKafkaBroker;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the pipeline tests share: a Flink MiniCluster (one TaskManager, two slots) and a real in-JVM
 * Kafka broker with the fixed topics, one of each per test class.
 */
abstract class BrokerAndFlinkTestBase {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.builder().build().start();
    try (TopicAdmin admin = TopicAdmin.forBootstrap(broker.bootstrapServers(), Map.of())) {
      admin.ensureFixedTopics();
    }
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }
}
