package io.hybridsr.app.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.hybridsr.app.k8s.Manifests.Doc;
import io.hybridsr.device.DeviceConfig;
import io.hybridsr.jobs.JobConfig;
import io.hybridsr.kafka.TopicSpec;
import io.hybridsr.kafka.Topics;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Kafka, its topics and its users agree with io.hybridsr.kafka.Topics and the security model. */
class KafkaManifestsTest {
  private final List<Doc> base = Manifests.baseDocs();
  private final Kafka kafka = Manifests.all(base, Kafka.class).get(0);

  @Test
  void clientListenerIsScramOverTlsAndAclsAreEnforced() {
    GenericKafkaListener scram =
        kafka.getSpec().getKafka().getListeners().stream()
            .filter(l -> l.getAuth() != null)
            .findFirst()
            .orElseThrow();
    assertTrue(scram.isTls(), "the SCRAM listener uses TLS");
    assertEquals(
        1, kafka.getSpec().getKafka().getListeners().size(), "no unauthenticated listener");
    // "simple" is Kafka's StandardAuthorizer in KRaft mode.
    assertInstanceOf(KafkaAuthorizationSimple.class, kafka.getSpec().getKafka().getAuthorization());
    assertTrue(
        kafka.getSpec().getEntityOperator().getTopicOperator() != null
            && kafka.getSpec().getEntityOperator().getUserOperator() != null,
        "topic and user operators");
  }

  @Test
  void brokerTakesTheLargestPatchRecord() {
    Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
    long messageMax = Long.parseLong(String.valueOf(config.get("message.max.bytes")));
    long replicaFetchMax = Long.parseLong(String.valueOf(config.get("replica.fetch.max.bytes")));
    assertTrue(
        messageMax >= Topics.MAX_PATCH_RECORD_BYTES,
        "message.max.bytes "
            + messageMax
            + " < Topics.MAX_PATCH_RECORD_BYTES "
            + Topics.MAX_PATCH_RECORD_BYTES);
    assertTrue(
        replicaFetchMax >= messageMax, "replica.fetch.max.bytes must be >= message.max.bytes");
  }

  @Test
  void topicsMatchTheCode() {
    Map<String, TopicSpec> expected = new TreeMap<>();
    for (TopicSpec s : Topics.fixedTopics()) {
      expected.put(s.name(), s);
    }
    for (String id : Manifests.deviceIds()) {
      for (TopicSpec s : List.of(Topics.deviceSpec(id), Topics.deviceOutcomeSpec(id))) {
        expected.put(s.name(), s);
      }
    }
    Map<String, KafkaTopic> declared = new TreeMap<>();
    for (KafkaTopic t : Manifests.all(base, KafkaTopic.class)) {
      String name =
          t.getSpec().getTopicName() != null
              ? t.getSpec().getTopicName()
              : t.getMetadata().getName();
      declared.put(name, t);
      assertEquals(
          kafka.getMetadata().getName(),
          t.getMetadata().getLabels().get("strimzi.io/cluster"),
          name);
    }
    assertEquals(
        expected.keySet(),
        declared.keySet(),
        "KafkaTopics = fixed topics + patch and outcome topics per deployed device");
    expected.forEach(
        (name, spec) -> {
          KafkaTopic t = declared.get(name);
          assertEquals(spec.partitions(), t.getSpec().getPartitions(), name + " partitions");
          Map<String, String> config = new HashMap<>();
          t.getSpec().getConfig().forEach((k, v) -> config.put(k, String.valueOf(v)));
          assertEquals(spec.configs(), config, name + " config");
        });
  }

  @Test
  void everyNodePoolBelongsToTheCluster() {
    List<KafkaNodePool> pools = Manifests.all(Manifests.allDocs(), KafkaNodePool.class);
    assertTrue(pools.size() >= 2, "dev and production pools: " + pools.size());
    for (KafkaNodePool p : pools) {
      assertEquals(
          kafka.getMetadata().getName(), p.getMetadata().getLabels().get("strimzi.io/cluster"));
    }
  }

  @Test
  // A manifest may still use Strimzi's deprecated single `operation` field: it must count too.
  @SuppressWarnings("deprecation")
  void usersAndAclsAreTheSecurityModel() {
    String jobGroup = jobGroupId();
    Map<String, Set<String>> expected = new TreeMap<>();
    expected.put(
        "hybridsr-job",
        acls(
            topic(Topics.TASKS, "literal", "Read", "Describe", "Create"),
            group(jobGroup, "Read"),
            topic(Topics.TASKS_DLQ, "literal", "Write", "Describe", "Create"),
            topic(Topics.RESULTS, "literal", "Write", "Describe", "Create"),
            topic(Topics.MEASUREMENTS, "literal", "Read", "Write", "Describe", "Create"),
            topic(Topics.DEVICE_PREFIX, "prefix", "Write", "Describe", "Create"),
            topic(Topics.OUTCOMES_PREFIX, "prefix", "Read", "Describe", "Create")));
    expected.put("hybridsr-loadgen", acls(topic(Topics.TASKS, "literal", "Write", "Describe")));
    for (String id : Manifests.deviceIds()) {
      String groupId =
          new DeviceConfig(id, "k:9093", Path.of("out"), Duration.ofSeconds(1), 0, Map.of(), false)
              .groupId();
      expected.put(
          "device-" + id,
          acls(
              topic(Topics.deviceTopic(id), "literal", "Read", "Describe"),
              group(groupId, "Read"),
              topic(Topics.deviceOutcomeTopic(id), "literal", "Write", "Describe")));
    }
    Map<String, Set<String>> declared = new TreeMap<>();
    for (KafkaUser u : Manifests.all(base, KafkaUser.class)) {
      String name = u.getMetadata().getName();
      assertEquals(
          kafka.getMetadata().getName(),
          u.getMetadata().getLabels().get("strimzi.io/cluster"),
          name);
      assertInstanceOf(
          KafkaUserScramSha512ClientAuthentication.class, u.getSpec().getAuthentication(), name);
      KafkaUserAuthorizationSimple authz =
          assertInstanceOf(
              KafkaUserAuthorizationSimple.class, u.getSpec().getAuthorization(), name);
      Set<String> rules = new TreeSet<>();
      for (AclRule r : authz.getAcls()) {
        assertTrue(
            r.getType() == null || r.getType() == AclRuleType.ALLOW, name + ": allow rules only");
        assertTrue(r.getHost() == null || r.getHost().equals("*"), name + ": any host");
        var res =
            Manifests.YAML.convertValue(
                r.getResource(), com.fasterxml.jackson.databind.JsonNode.class);
        String pattern = res.path("patternType").asText("literal");
        List<String> ops = new ArrayList<>();
        if (r.getOperations() != null) {
          r.getOperations().forEach(o -> ops.add(Manifests.YAML.convertValue(o, String.class)));
        }
        if (r.getOperation() != null) {
          ops.add(Manifests.YAML.convertValue(r.getOperation(), String.class));
        }
        for (String op : ops) {
          assertTrue(
              rules.add(
                  res.path("type").asText()
                      + ":"
                      + pattern
                      + ":"
                      + res.path("name").asText()
                      + ":"
                      + op),
              name + ": duplicate rule " + op + " on " + res);
        }
      }
      declared.put(name, rules);
    }
    assertEquals(expected, declared);
  }

  /** The job's consumer group: group.id of the job's ConfigMap (JobConfig's key). */
  private String jobGroupId() {
    ConfigMap cm = Manifests.one(base, ConfigMap.class, "hybridsr-job-config");
    JobConfig cfg =
        Manifests.loadJobConfig(cm.getData().get("job.properties"), "hybridsr-job-config");
    assertEquals(
        JobConfig.KEYS.get("group.id"),
        cfg.get("group.id"),
        "the security model names the default group");
    return cfg.get("group.id");
  }

  private static String[] topic(String name, String pattern, String... ops) {
    return rules("topic", name, pattern, ops);
  }

  private static String[] group(String name, String... ops) {
    return rules("group", name, "literal", ops);
  }

  private static String[] rules(String type, String name, String pattern, String... ops) {
    String[] r = new String[ops.length];
    for (int i = 0; i < ops.length; i++) {
      r[i] = type + ":" + pattern + ":" + name + ":" + ops[i];
    }
    return r;
  }

  private static Set<String> acls(String[]... groups) {
    Set<String> s = new TreeSet<>();
    for (String[] g : groups) {
      s.addAll(List.of(g));
    }
    return s;
  }
}
