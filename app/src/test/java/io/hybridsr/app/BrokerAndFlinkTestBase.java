package io.hybridsr.app;

import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.broker.EmbeddedKafkaBroker;
import java.util.Map;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the pipeline tests share: a Flink MiniCluster (one TaskManager, two slots) per test class
 * and a real in-JVM Kafka broker with the fixed topics per test. A broker per test, because every
 * job reads the tasks topic from its start: a second test on the same broker would also run the
 * first one's tasks (a class's savepoint test once put 60 full-size tasks ahead of the
 * fault-tolerance test's 8 and pushed them past its deadline on a slow CI host).
 */
abstract class BrokerAndFlinkTestBase {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  /** This test's broker (started before each test, closed after it). */
  EmbeddedKafkaBroker broker;

  @BeforeEach
  void startBroker() {
    broker = EmbeddedKafkaBroker.builder().build().start();
    try (TopicAdmin admin = TopicAdmin.forBootstrap(broker.bootstrapServers(), Map.of())) {
      admin.ensureFixedTopics();
    }
  }

  @AfterEach
  void stopBroker() {
    broker.close();
  }
}
