package io.hybridsr.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates topics on demand through the AdminClient; creating one that exists is not an error.
 *
 * <p>Remembers what it created or found, so the per-task call for a device topic costs a map lookup
 * after the first time.
 */
public final class TopicAdmin implements AutoCloseable {
  private static final long TIMEOUT_S = 30;
  private final Admin admin;
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private volatile short replication = -1;

  public TopicAdmin(Map<String, Object> clientConfig) {
    Properties p = new Properties();
    p.putAll(clientConfig);
    this.admin = Admin.create(p);
  }

  public static TopicAdmin forBootstrap(String bootstrapServers, Map<String, Object> extra) {
    Map<String, Object> cfg = new java.util.HashMap<>(extra);
    cfg.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return new TopicAdmin(cfg);
  }

  /** Creates the tasks, dead-letter and results topics if they do not exist. */
  public void ensureFixedTopics() {
    ensure(Topics.fixedTopics());
  }

  /**
   * Creates a device's topics if needed: its patch topic {@code hybridsr.device.<deviceId>} and,
   * beside it, its outcome topic {@code hybridsr.outcomes.<deviceId>}; returns the patch topic's
   * name.
   */
  public String ensureDeviceTopic(String deviceId) {
    TopicSpec patches = Topics.deviceSpec(deviceId);
    TopicSpec outcomes = Topics.deviceOutcomeSpec(deviceId);
    if (!known.contains(patches.name()) || !known.contains(outcomes.name())) {
      ensure(List.of(patches, outcomes));
    }
    return patches.name();
  }

  public void ensure(Collection<TopicSpec> specs) {
    List<NewTopic> toCreate = new ArrayList<>();
    short rf = replicationFactor();
    for (TopicSpec s : specs) {
      if (!known.contains(s.name())) {
        toCreate.add(new NewTopic(s.name(), s.partitions(), rf).configs(s.configs()));
      }
    }
    if (toCreate.isEmpty()) {
      return;
    }
    var result = admin.createTopics(toCreate);
    for (NewTopic t : toCreate) {
      try {
        result.values().get(t.name()).get(TIMEOUT_S, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new KafkaSetupException("could not create topic " + t.name(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaSetupException("interrupted creating topic " + t.name(), e);
      } catch (TimeoutException e) {
        throw new KafkaSetupException("timed out creating topic " + t.name(), e);
      }
    }
    awaitVisible(toCreate.stream().map(NewTopic::name).toList());
    toCreate.forEach(t -> known.add(t.name()));
  }

  /** Creation is acknowledged before every broker serves the topic; wait until it describes. */
  private void awaitVisible(List<String> names) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    while (true) {
      try {
        admin.describeTopics(names).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
        if (admin.listTopics().names().get(TIMEOUT_S, TimeUnit.SECONDS).containsAll(names)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaSetupException("interrupted waiting for topics " + names, e);
      } catch (ExecutionException | TimeoutException e) {
        // Not visible yet: retry until the deadline.
      }
      if (System.nanoTime() > deadline) {
        throw new KafkaSetupException(
            "topics not visible after " + TIMEOUT_S + " s: " + names, null);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaSetupException("interrupted waiting for topics " + names, e);
      }
    }
  }

  private short replicationFactor() {
    if (replication < 0) {
      try {
        int brokers = admin.describeCluster().nodes().get(TIMEOUT_S, TimeUnit.SECONDS).size();
        replication = (short) Math.max(1, Math.min(3, brokers));
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        throw new KafkaSetupException("could not reach the Kafka cluster to size topics", e);
      }
    }
    return replication;
  }

  public Admin admin() {
    return admin;
  }

  @Override
  public void close() {
    admin.close();
  }
}
