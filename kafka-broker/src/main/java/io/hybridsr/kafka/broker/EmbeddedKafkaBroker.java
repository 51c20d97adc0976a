package io.hybridsr.kafka.broker;

import io.hybridsr.kafka.KafkaSetupException;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.security.ClientSecurity;
import io.hybridsr.kafka.security.KafkaSecurity;
import io.hybridsr.kafka.security.Principals;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in KRaft mode (one combined broker and controller) inside this JVM.
 *
 * <p>For tests and the local demo, because these machines have no Docker. It runs Kafka's
 * production server classes, so clients see exactly what a cluster gives them; only the replication
 * factor of the internal topics is 1. Port 0 picks free ports.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
 *   String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>{@link Builder#secured(KafkaSecurity)} turns on authentication and authorization: clients must
 * log in with SCRAM-SHA-512 on a SASL_PLAINTEXT listener, the controller listener takes SASL/PLAIN
 * for the superuser only, and the StandardAuthorizer refuses whatever no ACL allows. Then use
 * {@link #adminClientProperties()} to administer it and {@link io.hybridsr.kafka.security.AclModel}
 * to create the other users.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final String CONTROLLER = "CONTROLLER";
  private static final String CLIENTS = "PLAINTEXT";
  private static final String SECURED_CLIENTS = "SASL_PLAINTEXT";
  private static final String AUTHORIZER =
      "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

  private final int requestedPort;
  private final Path dataDir;
  private final boolean deleteOnClose;
  private final Map<String, String> overrides;
  private final KafkaSecurity security;
  private KafkaRaftServer server;
  private int port;

  private EmbeddedKafkaBroker(Builder b) throws IOException {
    this.requestedPort = b.port;
    this.deleteOnClose = b.dataDir == null;
    this.dataDir = b.dataDir != null ? b.dataDir : Files.createTempDirectory("hybridsr-kafka-");
    this.overrides = Map.copyOf(b.overrides);
    this.security = b.security;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Formats the storage (first start only) and starts the server; waits until it answers. */
  public synchronized EmbeddedKafkaBroker start() {
    if (server != null) {
      return this;
    }
    try {
      int[] free = freePorts(2);
      port = requestedPort > 0 ? requestedPort : free[0];
      int controllerPort = free[1] != port ? free[1] : free[0];
      Path logDir = dataDir.resolve("log");
      Files.createDirectories(logDir);
      Map<String, Object> props = brokerProperties(logDir, controllerPort);
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        Formatter formatter = new Formatter();
        if (security != null) {
          // The superuser must exist before the broker's own inter-broker login.
          formatter.setScramArguments(
              List.of(
                  ClientSecurity.MECHANISM
                      + "=[name="
                      + security.superuser().username()
                      + ",password="
                      + security.superuser().password()
                      + "]"));
        }
        formatter
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setNodeId(1)
            .setClusterId(Uuid.randomUuid().toString())
            .addDirectory(logDir.toString())
            .setMetadataLogDirectory(logDir.toString())
            .setControllerListenerName(CONTROLLER)
            .setReleaseVersion(MetadataVersion.latestProduction())
            .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
            .run();
      }
      server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
      server.startup();
      awaitReady(Duration.ofSeconds(60));
      return this;
    } catch (KafkaSetupException e) {
      close();
      throw e;
    } catch (Exception e) {
      close();
      throw new KafkaSetupException("the in-JVM Kafka broker did not start", e);
    }
  }

  private Map<String, Object> brokerProperties(Path logDir, int controllerPort) {
    Map<String, Object> p = new HashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    String clients = security == null ? CLIENTS : SECURED_CLIENTS;
    p.put(
        "listeners",
        clients + "://localhost:" + port + "," + CONTROLLER + "://localhost:" + controllerPort);
    p.put("advertised.listeners", clients + "://localhost:" + port);
    p.put("controller.listener.names", CONTROLLER);
    p.put("inter.broker.listener.name", clients);
    if (security == null) {
      p.put("listener.security.protocol.map", CLIENTS + ":PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
    } else {
      putSecurity(p);
    }
    p.put("log.dirs", logDir.toString());
    p.put("metadata.log.dir", logDir.toString());
    // One broker: internal topics cannot be replicated.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "4");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("auto.create.topics.enable", "false");
    // Patch records carry PNG tiles; the device topics allow Topics.MAX_PATCH_RECORD_BYTES.
    p.put("message.max.bytes", String.valueOf(Topics.MAX_PATCH_RECORD_BYTES + 64 * 1024));
    p.put("replica.fetch.max.bytes", String.valueOf(Topics.MAX_PATCH_RECORD_BYTES + 64 * 1024));
    p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
    p.putAll(overrides);
    return p;
  }

  /**
   * SCRAM on the client and inter-broker listener; SASL/PLAIN on the controller listener (KRaft
   * controllers cannot use SCRAM, whose credentials live in the metadata they serve), with the
   * superuser as its only account, so nothing on this host gets in anonymously either.
   */
  private void putSecurity(Map<String, Object> p) {
    String user = security.superuser().username();
    String password = security.superuser().password();
    String clientsPrefix =
        "listener.name." + SECURED_CLIENTS.toLowerCase(java.util.Locale.ROOT) + ".";
    String controllerPrefix =
        "listener.name." + CONTROLLER.toLowerCase(java.util.Locale.ROOT) + ".";
    p.put(
        "listener.security.protocol.map",
        SECURED_CLIENTS + ":SASL_PLAINTEXT," + CONTROLLER + ":SASL_PLAINTEXT");
    p.put("sasl.enabled.mechanisms", ClientSecurity.MECHANISM);
    p.put("sasl.mechanism.inter.broker.protocol", ClientSecurity.MECHANISM);
    p.put(clientsPrefix + "sasl.enabled.mechanisms", ClientSecurity.MECHANISM);
    p.put(
        clientsPrefix
            + ClientSecurity.MECHANISM.toLowerCase(java.util.Locale.ROOT)
            + ".sasl.jaas.config",
        security.superuser().scramJaasConfig());
    p.put("sasl.mechanism.controller.protocol", "PLAIN");
    p.put(controllerPrefix + "sasl.enabled.mechanisms", "PLAIN");
    p.put(
        controllerPrefix + "plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + user
            + "\" password=\""
            + password
            + "\" user_"
            + user
            + "=\""
            + password
            + "\";");
    p.put("authorizer.class.name", AUTHORIZER);
    p.put("allow.everyone.if.no.acl.found", "false");
    p.put("super.users", Principals.user(user));
  }

  private void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties p = new Properties();
    p.putAll(adminClientProperties());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "4000");
    try (Admin admin = Admin.create(p)) {
      Exception last = null;
      while (System.nanoTime() < deadline) {
        try {
          if (!admin.describeCluster().nodes().get(4, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            throw (InterruptedException) e;
          }
          last = e;
        }
        Thread.sleep(100);
      }
      throw new KafkaSetupException("the in-JVM broker did not answer within " + timeout, last);
    }
  }

  /** {@code localhost:PORT} of the client listener. */
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  /**
   * Settings for an admin client with full rights: just {@code bootstrap.servers} when the broker
   * is open, the superuser's SCRAM login when it is secured. Holds a password: never log.
   */
  public Map<String, Object> adminClientProperties() {
    if (security == null) {
      Map<String, Object> p = new HashMap<>();
      p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
      return p;
    }
    return new HashMap<>(security.superuserClientProperties(bootstrapServers()));
  }

  /** The security settings when built with {@link Builder#secured}, else empty. */
  public Optional<KafkaSecurity> security() {
    return Optional.ofNullable(security);
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      try {
        server.shutdown();
        server.awaitShutdown();
      } finally {
        server = null;
      }
    }
    if (deleteOnClose) {
      deleteRecursively(dataDir);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // A leftover temp folder is harmless; the broker is already down.
    }
  }

  /**
   * {@code n} distinct free ports: the sockets stay open until all are chosen, so the system cannot
   * hand the same port out twice (one port asked twice in a row may come back twice).
   */
  private static int[] freePorts(int n) throws IOException {
    ServerSocket[] sockets = new ServerSocket[n];
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0);
        sockets[i].setReuseAddress(true);
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  /** Options for the in-JVM broker. */
  public static final class Builder {
    private int port;
    private Path dataDir;
    private final Map<String, String> overrides = new HashMap<>();
    private KafkaSecurity security;

    /** The client port; 0 (default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** Keep the data here (survives restarts); default: a temporary folder deleted on close. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** Any broker config, e.g. listeners with SASL for the secured demo. */
    public Builder config(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    /**
     * Requires SCRAM-SHA-512 logins and ACLs ({@code allow.everyone.if.no.acl.found=false}); {@code
     * security}'s superuser is the only user at first. With a persistent {@link #dataDir}, pass the
     * same superuser credentials on every start.
     */
    public Builder secured(KafkaSecurity security) {
      if (security == null) {
        throw new IllegalArgumentException(
            "security must not be null (omit secured() for an open broker)");
      }
      this.security = security;
      return this;
    }

    public EmbeddedKafkaBroker build() {
      try {
        return new EmbeddedKafkaBroker(this);
      } catch (IOException e) {
        throw new KafkaSetupException("could not create the broker's data folder", e);
      }
    }
  }
}
