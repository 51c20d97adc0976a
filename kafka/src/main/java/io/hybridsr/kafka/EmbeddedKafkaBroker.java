package io.hybridsr.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
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
 * production server classes, so clients see exactly what a cluster gives them; only the
 * replication factor of the internal topics is 1. Port 0 picks free ports.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
 *   String bootstrap = broker.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
  private static final String CONTROLLER = "CONTROLLER";
  private static final String CLIENTS = "PLAINTEXT";

  private final int requestedPort;
  private final Path dataDir;
  private final boolean deleteOnClose;
  private final Map<String, String> overrides;
  private KafkaRaftServer server;
  private int port;

  private EmbeddedKafkaBroker(Builder b) throws IOException {
    this.requestedPort = b.port;
    this.deleteOnClose = b.dataDir == null;
    this.dataDir = b.dataDir != null ? b.dataDir : Files.createTempDirectory("hybridsr-kafka-");
    this.overrides = Map.copyOf(b.overrides);
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
      port = requestedPort > 0 ? requestedPort : freePort();
      int controllerPort = freePort();
      Path logDir = dataDir.resolve("log");
      Files.createDirectories(logDir);
      Map<String, Object> props = brokerProperties(logDir, controllerPort);
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        new Formatter()
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
    p.put("listeners", CLIENTS + "://localhost:" + port + "," + CONTROLLER + "://localhost:" + controllerPort);
    p.put("advertised.listeners", CLIENTS + "://localhost:" + port);
    p.put("controller.listener.names", CONTROLLER);
    p.put("inter.broker.listener.name", CLIENTS);
    p.put("listener.security.protocol.map", CLIENTS + ":PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
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

  private void awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
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

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** Options for the in-JVM broker. */
  public static final class Builder {
    private int port;
    private Path dataDir;
    private final Map<String, String> overrides = new HashMap<>();

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

    public EmbeddedKafkaBroker build() {
      try {
        return new EmbeddedKafkaBroker(this);
      } catch (IOException e) {
        throw new KafkaSetupException("could not create the broker's data folder", e);
      }
    }
  }
}
