package io.hybridsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.jobs.HybridSrJob;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.broker.EmbeddedKafkaBroker;
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
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

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
      JobOptions o =
          JobOptions.builder()
              .bootstrapServers(bootstrap)
              .groupId("hybridsr-job-it")
              .batchSize(3)
              .maxWait(Duration.ofMillis(300))
              .planOnly(true)
              .kafkaProperties(kafka)
              .build();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      HybridSrJob.wireKafka(env, o, new SchedulerBatchPlanner(null, 1.0, 1), null);
      JobClient job = env.executeAsync("secured");
      try {
        Properties pp = new Properties();
        pp.putAll(loadgen);
        pp.put("bootstrap.servers", bootstrap);
        Set<String> ids = new HashSet<>();
        try (var producer =
            new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
          for (int i = 0; i < 5; i++) {
            Task t = new Task("sec-" + i, "u" + i, "d1", "e1", 1024, 1024, 0.5, "p");
            ids.add(t.taskId());
            producer
                .send(
                    new ProducerRecord<>(
                        Topics.TASKS,
                        t.userId().getBytes(StandardCharsets.UTF_8),
                        TaskJson.formatBytes(t)))
                .get();
          }
        }
        Properties cp = new Properties();
        cp.putAll(broker.adminClientProperties());
        cp.put("group.id", "reader-" + UUID.randomUUID());
        cp.put("auto.offset.reset", "earliest");
        Set<String> planned = new HashSet<>();
        try (var c =
            new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
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

  /**
   * With ACLs, a device reports only on its own outcome topic; the job (which cannot write those
   * topics) reads them by pattern and relays a device's outcome only for a task planned for it.
   */
  @Test
  void shouldRelayOnlyADevicesOwnTasksAsTheJobPrincipal() throws Exception {
    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.builder().secured(KafkaSecurity.generate()).build().start()) {
      String bootstrap = broker.bootstrapServers();
      Map<String, Object> jobProps;
      Map<String, Object> loadgen;
      Map<String, Object> devA;
      try (TopicAdmin admin = TopicAdmin.forBootstrap(bootstrap, broker.adminClientProperties())) {
        admin.ensureFixedTopics();
        AclModel acls = new AclModel(admin.admin());
        jobProps = ClientSecurity.securityProperties(acls.ensureJob());
        loadgen = ClientSecurity.securityProperties(acls.ensureLoadGenerator());
        devA = ClientSecurity.securityProperties(acls.ensureDevice("sd-a"));
        acls.ensureDevice("sd-b");
      }
      // The job creates both devices' topics as hybridsr-job (CREATE on the two prefixes).
      try (TopicAdmin asJob = TopicAdmin.forBootstrap(bootstrap, jobProps)) {
        asJob.ensureDeviceTopic("sd-a");
        asJob.ensureDeviceTopic("sd-b");
      }
      Map<String, String> kafka = new LinkedHashMap<>();
      jobProps.forEach((k, v) -> kafka.put(k, String.valueOf(v)));
      JobOptions o =
          JobOptions.builder()
              .bootstrapServers(bootstrap)
              .groupId("hybridsr-job-relay")
              .batchSize(2)
              .maxWait(Duration.ofMillis(300))
              .kafkaProperties(kafka)
              .build();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      HybridSrJob.wireKafka(env, o, new SchedulerBatchPlanner(null, 1.0, 1), new NoEdgeStage());
      JobClient job = env.executeAsync("secured-relay");
      try {
        Task mine = new Task("sd-1", "u1", "sd-a", "e1", 1024, 1024, 0.5, "p");
        Task theirs = new Task("sd-2", "u2", "sd-b", "e1", 1024, 1024, 0.5, "p");
        try (var producer = producer(loadgen, bootstrap)) {
          for (Task t : List.of(mine, theirs)) {
            producer
                .send(
                    new ProducerRecord<>(
                        Topics.TASKS,
                        t.userId().getBytes(StandardCharsets.UTF_8),
                        TaskJson.formatBytes(t)))
                .get();
          }
        }
        Map<String, Object> superuser = broker.adminClientProperties();
        read(superuser, bootstrap, Topics.RESULTS, r -> r.size() >= 2);
        try (var producer = producer(devA, bootstrap)) {
          // Forged: B's task, sent from A's own topic (the only one A may write).
          producer.send(outcomeRecord(Topics.deviceOutcomeTopic("sd-a"), theirs, "sd-a")).get();
          producer.send(outcomeRecord(Topics.deviceOutcomeTopic("sd-a"), mine, "sd-a")).get();
        }
        // The forged one is judged first (A's topic is one partition): dead-lettered ...
        List<Outcome> dead = read(superuser, bootstrap, Topics.TASKS_DLQ, r -> !r.isEmpty());
        assertEquals(
            List.of("sd-2"),
            dead.stream().map(Outcome::taskId).toList(),
            "A's outcome for B's task is dead-lettered");
        // ... and only A's own task is relayed.
        List<Outcome> results =
            read(
                superuser,
                bootstrap,
                Topics.RESULTS,
                r -> r.stream().anyMatch(x -> x.status() == Outcome.Status.COMPLETED));
        assertEquals(
            List.of("sd-1"),
            results.stream()
                .filter(x -> x.status() == Outcome.Status.COMPLETED)
                .map(Outcome::taskId)
                .toList());
      } finally {
        job.cancel().get();
      }
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(
      Map<String, Object> security, String bootstrap) {
    Properties p = new Properties();
    p.putAll(security);
    p.put("bootstrap.servers", bootstrap);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static ProducerRecord<byte[], byte[]> outcomeRecord(String topic, Task t, String device) {
    Outcome o =
        new Outcome(
            t.taskId(),
            t.userId(),
            device,
            null,
            Outcome.Status.COMPLETED,
            "device:" + device,
            null,
            2,
            20,
            512,
            512,
            1024,
            1024,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            System.currentTimeMillis());
    return new ProducerRecord<>(
        topic, t.taskId().getBytes(StandardCharsets.UTF_8), JsonCodec.toBytes(o));
  }

  /**
   * Reads {@code topic} as the super user until {@code done} holds for what was read (60 s at
   * most).
   */
  private static List<Outcome> read(
      Map<String, Object> superuser,
      String bootstrap,
      String topic,
      java.util.function.Predicate<List<Outcome>> done) {
    Properties cp = new Properties();
    cp.putAll(superuser);
    cp.put("group.id", "reader-" + UUID.randomUUID());
    cp.put("auto.offset.reset", "earliest");
    List<Outcome> all = new ArrayList<>();
    try (var c =
        new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline) {
        List<Outcome> batch = new ArrayList<>();
        for (var r : c.poll(Duration.ofMillis(200))) {
          batch.add(JsonCodec.fromBytes(r.value(), Outcome.class));
        }
        all.addAll(batch);
        if (done.test(all)) {
          return all;
        }
      }
    }
    throw new AssertionError("nothing expected on " + topic + " within 60 s; read " + all);
  }
}
