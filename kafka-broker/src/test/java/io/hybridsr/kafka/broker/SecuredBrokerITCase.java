package io.hybridsr.kafka.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.security.AclModel;
import io.hybridsr.kafka.security.ClientSecurity;
import io.hybridsr.kafka.security.KafkaCredentials;
import io.hybridsr.kafka.security.KafkaSecurity;
import io.hybridsr.kafka.security.Principals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secured in-JVM broker enforces {@link AclModel}: every principal does its job and is refused
 * everything else, and a device never sees another device's patches.
 */
class SecuredBrokerITCase {
  static final String A = "dev-a";
  static final String B = "dev-b";
  static EmbeddedKafkaBroker broker;
  static Admin superuser;
  static KafkaCredentials job;
  static KafkaCredentials deviceA;
  static KafkaCredentials deviceB;
  static KafkaCredentials loadgen;
  static KafkaSecurity security;
  static LogCapture logs;

  @BeforeAll
  static void start() throws Exception {
    logs = new LogCapture();
    security = KafkaSecurity.generate();
    broker = EmbeddedKafkaBroker.builder().secured(security).build().start();
    superuser = Admin.create(broker.adminClientProperties());
    try (TopicAdmin topics = new TopicAdmin(broker.adminClientProperties())) {
      topics.ensureFixedTopics();
      topics.ensureDeviceTopic(A);
      topics.ensureDeviceTopic(B);
    }
    AclModel model = new AclModel(superuser);
    job = model.ensureJob();
    deviceA = model.ensureDevice(A);
    deviceB = model.ensureDevice(B);
    loadgen = model.ensureLoadGenerator();
    try (var p = producer(broker.adminClientProperties())) {
      for (int i = 0; i < 3; i++) {
        p.send(new ProducerRecord<>(Topics.deviceTopic(B), "k", "secret-patch-of-b-" + i)).get();
      }
    }
  }

  @AfterAll
  static void stop() {
    if (logs != null) {
      logs.close();
    }
    if (superuser != null) {
      superuser.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldRefuseAClientThatDoesNotAuthenticate() {
    Map<String, Object> anonymous = new HashMap<>();
    anonymous.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    anonymous.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
    anonymous.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000);
    try (Admin admin = Admin.create(anonymous)) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class, () -> admin.listTopics().names().get(10, TimeUnit.SECONDS));
      // The SASL listener drops a plaintext client before it can ask anything.
      assertInstanceOf(org.apache.kafka.common.errors.TimeoutException.class, e.getCause());
    }
  }

  @Test
  void shouldRefuseAWrongPassword() {
    KafkaCredentials wrong = KafkaCredentials.generate(Principals.device(A));
    Map<String, Object> props = ClientSecurity.clientProperties(wrong, broker.bootstrapServers());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
    try (Admin admin = Admin.create(props)) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class, () -> admin.listTopics().names().get(10, TimeUnit.SECONDS));
      assertInstanceOf(SaslAuthenticationException.class, e.getCause());
    }
  }

  @Test
  void shouldRefuseAnAuthenticatedUserWithoutAcls() throws Exception {
    KafkaCredentials stranger = KafkaCredentials.generate("stranger");
    superuser
        .alterUserScramCredentials(
            List.of(
                new UserScramCredentialUpsertion(
                    stranger.username(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                    stranger.password())))
        .all()
        .get();
    awaitLogin(stranger);
    Map<String, Object> props = clientProps(stranger);
    try (var p = producer(props)) {
      assertAuthorizationError(() -> p.send(new ProducerRecord<>(Topics.TASKS, "k", "v")).get());
    }
    try (Admin admin = Admin.create(props)) {
      assertTrue(admin.listTopics().names().get().isEmpty(), "a user without ACLs sees no topic");
    }
  }

  @Test
  void shouldNotLetDeviceAReadDeviceBsPatches() throws Exception {
    TopicPartition bPartition = new TopicPartition(Topics.deviceTopic(B), 0);
    long held =
        superuser
            .listOffsets(Map.of(bPartition, OffsetSpec.latest()))
            .all()
            .get()
            .get(bPartition)
            .offset();
    assertTrue(held >= 3, "B's topic holds records, so an empty read means refused, not empty");

    List<String> leaked = new ArrayList<>();
    // Subscribing in its own group: the topic is refused.
    AuthorizationException subscribed =
        assertThrows(
            AuthorizationException.class,
            () ->
                poll(
                    clientProps(deviceA),
                    Principals.deviceGroup(A),
                    Topics.deviceTopic(B),
                    leaked,
                    1));
    assertInstanceOf(TopicAuthorizationException.class, subscribed);
    // Joining B's group (say, to steal its partition or move its offsets): the group is refused.
    assertThrows(
        GroupAuthorizationException.class,
        () ->
            poll(
                clientProps(deviceA), Principals.deviceGroup(B), Topics.deviceTopic(A), leaked, 1));
    // Fetching the partition directly, without a group: the fetch is refused.
    Map<String, Object> cp = consumerProps(clientProps(deviceA), null);
    try (var c = new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
      c.assign(List.of(bPartition));
      c.seekToBeginning(List.of(bPartition));
      assertThrows(
          TopicAuthorizationException.class,
          () -> {
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
              c.poll(Duration.ofMillis(200)).forEach(r -> leaked.add(r.value()));
            }
          });
    }
    assertEquals(List.of(), leaked, "nothing of B's topic reached A");

    // B itself reads them: the records were there all along.
    List<String> got = new ArrayList<>();
    poll(clientProps(deviceB), Principals.deviceGroup(B), Topics.deviceTopic(B), got, 3);
    assertTrue(got.contains("secret-patch-of-b-0"), got.toString());
  }

  @Test
  void shouldNotLetADeviceWriteTasksOrPatchesOrCreateTopics() throws Exception {
    try (var p = producer(clientProps(deviceA))) {
      assertAuthorizationError(
          () -> p.send(new ProducerRecord<>(Topics.TASKS, "k", "forged")).get());
      assertAuthorizationError(
          () -> p.send(new ProducerRecord<>(Topics.deviceTopic(B), "k", "forged")).get());
    }
    try (Admin admin = Admin.create(clientProps(deviceA))) {
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () ->
                  admin
                      .createTopics(
                          List.of(new NewTopic(Topics.deviceTopic("dev-a2"), 1, (short) 1)))
                      .all()
                      .get());
      assertInstanceOf(TopicAuthorizationException.class, e.getCause());
    }
  }

  @Test
  void shouldLetADeviceReadItsOwnTopicAndWriteItsOwnOutcomes() throws Exception {
    try (var p = producer(clientProps(job))) {
      p.send(new ProducerRecord<>(Topics.deviceTopic(A), "task-1", "patch-for-a")).get();
    }
    List<String> got = new ArrayList<>();
    poll(clientProps(deviceA), Principals.deviceGroup(A), Topics.deviceTopic(A), got, 1);
    assertEquals(List.of("patch-for-a"), got);
    try (var p = producer(clientProps(deviceA))) {
      p.send(new ProducerRecord<>(Topics.deviceOutcomeTopic(A), "task-1", "{\"done\":true}")).get();
    }
  }

  @Test
  void shouldNotLetADeviceWriteResultsOrAnotherDevicesOutcomes() throws Exception {
    try (var p = producer(clientProps(deviceA))) {
      // The results topic is the job's alone: a device cannot report there at all ...
      assertAuthorizationError(
          () ->
              p.send(
                      new ProducerRecord<>(
                          Topics.RESULTS,
                          "task-b",
                          "{\"taskId\":\"task-b\",\"status\":\"COMPLETED\"}"))
                  .get());
      // ... nor into another device's outcome topic, which the job would attribute to that device.
      assertAuthorizationError(
          () ->
              p.send(
                      new ProducerRecord<>(
                          Topics.deviceOutcomeTopic(B),
                          "task-b",
                          "{\"taskId\":\"task-b\",\"deviceId\":\"dev-b\",\"status\":\"COMPLETED\"}"))
                  .get());
    }
    // Nor read outcomes (its own or others'): only the job reads them.
    assertThrows(
        AuthorizationException.class,
        () ->
            poll(
                clientProps(deviceA),
                Principals.deviceGroup(A),
                Topics.deviceOutcomeTopic(A),
                new ArrayList<>(),
                1));
    TopicPartition bOutcomes = new TopicPartition(Topics.deviceOutcomeTopic(B), 0);
    long before =
        superuser
            .listOffsets(Map.of(bOutcomes, OffsetSpec.latest()))
            .all()
            .get()
            .get(bOutcomes)
            .offset();
    try (var p = producer(clientProps(deviceB))) {
      p.send(new ProducerRecord<>(Topics.deviceOutcomeTopic(B), "task-b", "genuine")).get();
    }
    long after =
        superuser
            .listOffsets(Map.of(bOutcomes, OffsetSpec.latest()))
            .all()
            .get()
            .get(bOutcomes)
            .offset();
    assertEquals(before + 1, after, "only B's own write landed on B's outcome topic");
  }

  @Test
  void shouldLetTheJobReadEveryOutcomeTopicByPatternButWriteNone() throws Exception {
    try (var p = producer(clientProps(deviceA))) {
      p.send(new ProducerRecord<>(Topics.deviceOutcomeTopic(A), "task-a", "outcome-of-a")).get();
    }
    List<String> got = new ArrayList<>();
    try (var c =
        new KafkaConsumer<>(
            consumerProps(clientProps(job), Principals.JOB_GROUP + "-outcomes-it"),
            new StringDeserializer(),
            new StringDeserializer())) {
      c.subscribe(Topics.DEVICE_OUTCOME_TOPICS);
      String want = Topics.deviceOutcomeTopic(A) + "=outcome-of-a";
      long deadline = System.currentTimeMillis() + 20_000;
      while (!got.contains(want) && System.currentTimeMillis() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.topic() + "=" + r.value()));
      }
      assertTrue(got.contains(want), got.toString());
    }
    try (var p = producer(clientProps(job))) {
      assertAuthorizationError(
          () ->
              p.send(
                      new ProducerRecord<>(
                          Topics.deviceOutcomeTopic(A), "task-a", "forged by the job"))
                  .get());
    }
  }

  @Test
  void shouldLetTheJobCreateDeviceTopicsReadTasksAndWriteItsOutputs() throws Exception {
    try (var p = producer(clientProps(loadgen))) {
      p.send(new ProducerRecord<>(Topics.TASKS, "alice", "{\"task\":1}")).get();
    }
    String topic;
    try (TopicAdmin admin = new TopicAdmin(clientProps(job))) {
      topic = admin.ensureDeviceTopic("dev-new");
      // CREATE is granted per name, not on the cluster.
      assertThrows(
          RuntimeException.class,
          () ->
              admin.ensure(List.of(new io.hybridsr.kafka.TopicSpec("not-hybridsr", 1, Map.of()))));
    }
    List<String> tasks = new ArrayList<>();
    poll(clientProps(job), Principals.JOB_GROUP, Topics.TASKS, tasks, 1);
    assertTrue(tasks.contains("{\"task\":1}"), tasks.toString());
    try (var p = producer(clientProps(job))) {
      p.send(new ProducerRecord<>(topic, "task-1", "patch")).get();
      p.send(new ProducerRecord<>(Topics.RESULTS, "alice", "outcome")).get();
      p.send(new ProducerRecord<>(Topics.TASKS_DLQ, "alice", "bad record")).get();
      assertAuthorizationError(() -> p.send(new ProducerRecord<>(Topics.TASKS, "k", "loop")).get());
    }
  }

  @Test
  void shouldLetTheLoadGeneratorOnlyWriteTasks() throws Exception {
    try (var p = producer(clientProps(loadgen))) {
      p.send(new ProducerRecord<>(Topics.TASKS, "bob", "{\"task\":2}")).get();
      assertAuthorizationError(
          () -> p.send(new ProducerRecord<>(Topics.RESULTS, "bob", "x")).get());
      assertAuthorizationError(
          () -> p.send(new ProducerRecord<>(Topics.deviceTopic(A), "bob", "x")).get());
    }
    assertThrows(
        AuthorizationException.class,
        () -> poll(clientProps(loadgen), "hybridsr-loadgen", Topics.TASKS, new ArrayList<>(), 1));
  }

  @Test
  void shouldKeepEveryPasswordOutOfTheLogs() throws Exception {
    // Exercise logins (good and bad) and client startup, which log their configs at INFO.
    shouldRefuseAWrongPassword();
    try (var p = producer(clientProps(deviceA))) {
      p.send(new ProducerRecord<>(Topics.deviceOutcomeTopic(A), "k", "v")).get();
    }
    List<String> lines = logs.lines();
    assertTrue(lines.size() > 20, "Kafka's INFO lines were captured: " + lines.size());
    assertTrue(
        lines.stream().anyMatch(l -> l.contains("sasl.jaas.config")), "client configs were logged");
    for (KafkaCredentials c : List.of(security.superuser(), job, deviceA, deviceB, loadgen)) {
      for (String line : lines) {
        assertTrue(
            !line.contains(c.password()),
            "the password of "
                + c.username()
                + " was logged: "
                + line.replace(c.password(), "<PASSWORD>"));
      }
    }
  }

  // ----- helpers -----

  static Map<String, Object> clientProps(KafkaCredentials c) {
    return ClientSecurity.clientProperties(c, broker.bootstrapServers());
  }

  static KafkaProducer<String, String> producer(Map<String, Object> props) {
    Map<String, Object> p = new HashMap<>(props);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
  }

  static Map<String, Object> consumerProps(Map<String, Object> props, String group) {
    Map<String, Object> p = new HashMap<>(props);
    if (group != null) {
      p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return p;
  }

  /** Polls until {@code want} records arrived (or 20 s); authorization errors propagate. */
  static void poll(
      Map<String, Object> props, String group, String topic, List<String> sink, int want) {
    try (var c =
        new KafkaConsumer<>(
            consumerProps(props, group), new StringDeserializer(), new StringDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 20_000;
      while (sink.size() < want && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
          sink.add(r.value());
        }
      }
    }
  }

  static void assertAuthorizationError(org.junit.jupiter.api.function.Executable send) {
    ExecutionException e = assertThrows(ExecutionException.class, send);
    assertInstanceOf(TopicAuthorizationException.class, e.getCause(), String.valueOf(e.getCause()));
  }

  /** A SCRAM user created behind AclModel's back may take a moment to reach the broker. */
  static void awaitLogin(KafkaCredentials c) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      try (Admin admin = Admin.create(clientProps(c))) {
        admin.listTopics().names().get(5, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        if (System.currentTimeMillis() > deadline) {
          throw new AssertionError("user " + c.username() + " cannot log in", e);
        }
        Thread.sleep(100);
      }
    }
  }

  static {
    // Keep the SASL property names referenced so a rename in kafka-clients breaks the build here.
    assertEquals("sasl.jaas.config", SaslConfigs.SASL_JAAS_CONFIG);
  }
}
