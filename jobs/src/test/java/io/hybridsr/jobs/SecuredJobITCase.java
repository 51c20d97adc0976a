package io.hybridsr.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.kafka.EmbeddedKafkaBroker;
import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.kafka.security.AclModel;
import io.hybridsr.kafka.security.ClientSecurity;
import io.hybridsr.kafka.security.KafkaSecurity;
import io.hybridsr.operators.plan.SchedulerBatchPlanner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The job as principal hybridsr-job on a broker with SASL/SCRAM and ACLs. */
class SecuredJobITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(
      new MiniClusterResourceConfiguration.Builder()
          .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

  @Test
  void shouldPlanTasksAsTheJobPrincipal() throws Exception {
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().secured(KafkaSecurity.generate()).build().start()) {
      String bootstrap = broker.bootstrapServers();
      Map<String, Object> jobProps;
      Map<String, Object> loadgen;
      try (TopicAdmin admin = TopicAdmin.forBootstrap(bootstrap, broker.adminClientProperties())) {
        admin.ensureFixedTopics();
        AclModel acls = new AclModel(admin.admin());
        jobProps = ClientSecurity.securityProperties(acls.ensureJob());
        loadgen = ClientSecurity.securityProperties(acls.ensureLoadGenerator());
      }
      Map<String, String> kafka = new LinkedHashMap<>();
      jobProps.forEach((k, v) -> kafka.put(k, String.valueOf(v)));
      JobOptions o = JobOptions.builder().bootstrapServers(bootstrap).groupId("hybridsr-job-it")
          .batchSize(3).maxWait(Duration.ofMillis(300)).planOnly(true).kafkaProperties(kafka).build();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      HybridSrJob.wireKafka(env, o, new SchedulerBatchPlanner(null, 1.0, 1), null);
      JobClient job = env.executeAsync("secured");
      try {
        Properties pp = new Properties();
        pp.putAll(loadgen);
        pp.put("bootstrap.servers", bootstrap);
        Set<String> ids = new HashSet<>();
        try (var producer = new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
          for (int i = 0; i < 5; i++) {
            Task t = new Task("sec-" + i, "u" + i, "d1", "e1", 1024, 1024, 0.5, "p");
            ids.add(t.taskId());
            producer.send(new ProducerRecord<>(Topics.TASKS, t.userId().getBytes(StandardCharsets.UTF_8),
                TaskJson.formatBytes(t))).get();
          }
        }
        Properties cp = new Properties();
        cp.putAll(broker.adminClientProperties());
        cp.put("group.id", "reader-" + UUID.randomUUID());
        cp.put("auto.offset.reset", "earliest");
        Set<String> planned = new HashSet<>();
        try (var c = new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
          c.subscribe(List.of(Topics.RESULTS));
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (planned.size() < ids.size() && System.nanoTime() < deadline) {
            for (var r : c.poll(Duration.ofMillis(200))) {
              planned.add(JsonCodec.fromBytes(r.value(), Outcome.class).taskId());
            }
          }
        }
        assertEquals(ids, planned);
      } finally {
        job.cancel().get();
      }
    }
  }
}
