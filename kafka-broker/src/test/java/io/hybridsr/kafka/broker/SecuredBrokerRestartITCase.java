package io.hybridsr.kafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.security.AclModel;
import io.hybridsr.kafka.security.ClientPropertiesFile;
import io.hybridsr.kafka.security.KafkaSecurity;
import io.hybridsr.kafka.security.Principals;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A secured broker with a kept data folder keeps its users and ACLs across a restart. */
class SecuredBrokerRestartITCase {
  @TempDir Path dir;

  @Test
  void shouldKeepUsersAndAclsAcrossARestartWithTheSameSuperuser() throws Exception {
    KafkaSecurity security = KafkaSecurity.generate();
    Path props = dir.resolve("device-a.properties");
    int port;
    try (EmbeddedKafkaBroker broker =
            EmbeddedKafkaBroker.builder()
                .secured(security)
                .dataDir(dir.resolve("data"))
                .build()
                .start();
        Admin admin = Admin.create(broker.adminClientProperties());
        TopicAdmin topics = new TopicAdmin(broker.adminClientProperties())) {
      port = Integer.parseInt(broker.bootstrapServers().substring("localhost:".length()));
      topics.ensureDeviceTopic("a");
      topics.ensureFixedTopics();
      ClientPropertiesFile.write(
          props, new AclModel(admin).ensureDevice("a"), broker.bootstrapServers());
      try (var p = SecuredBrokerITCase.producer(broker.adminClientProperties())) {
        p.send(new ProducerRecord<>(Topics.deviceTopic("a"), "k", "before-restart")).get();
      }
    }

    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder()
            .secured(security)
            .port(port)
            .dataDir(dir.resolve("data"))
            .build()
            .start()) {
      Map<String, Object> device = ClientPropertiesFile.read(props);
      assertEquals(
          broker.bootstrapServers(), device.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
      List<String> got = new ArrayList<>();
      SecuredBrokerITCase.poll(
          device, Principals.deviceGroup("a"), Topics.deviceTopic("a"), got, 1);
      assertEquals(List.of("before-restart"), got);
      try (var p = SecuredBrokerITCase.producer(device)) {
        ExecutionException e =
            assertThrows(
                ExecutionException.class,
                () -> p.send(new ProducerRecord<>(Topics.TASKS, "k", "forged")).get());
        assertInstanceOf(TopicAuthorizationException.class, e.getCause());
      }
    }
  }
}
