package io.hybridsr.kafka;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same topic set-up against a Kafka in a container, where Docker exists. Without a Docker
 * engine (these build machines have none) JUnit reports it skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerITCase {
  @Container static KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.0");

  @Test
  void shouldCreateTheFixedTopicsOnAContainerisedBroker() throws Exception {
    try (TopicAdmin admin = TopicAdmin.forBootstrap(kafka.getBootstrapServers(), Map.of())) {
      admin.ensureFixedTopics();
      assertTrue(admin.admin().listTopics().names().get().contains(Topics.TASKS));
    }
  }
}
