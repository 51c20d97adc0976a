package io.hybridsr.jobs;

import java.io.Serializable;
import java.time.Duration;

/**
 * What the streaming job needs to know, with documented defaults; {@link Builder#build()} checks
 * every value and says which one is wrong.
 */
public final class JobOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Paper section IV-A1: K = 10 users per window. */
  public static final int DEFAULT_BATCH_SIZE = 10;

  public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(200);
  public static final int DEFAULT_MAX_RECORD_BYTES = 64 * 1024;
  public static final int DEFAULT_EDGE_QUEUE_CAPACITY = 256;

  public final String bootstrapServers;
  public final String groupId;
  public final int batchSize;
  public final Duration maxWait;
  public final boolean planOnly;
  public final int gpuSlots;

  /**
   * Planned tasks the edge's GPU operator holds (queued for a slot or served) before it pushes
   * back.
   */
  public final int edgeQueueCapacity;

  public final Duration inferenceTimeout;
  public final int maxRecordBytes;
  public final int parallelism;
  public final long seed;

  /**
   * Where checkpoints go (a URI such as file:///..., s3://...); null leaves it to the cluster's
   * configuration. In-flight images are part of the async operators' state, too large for the
   * JobManager's memory, so local runs use a folder under the temporary directory.
   */
  public final String checkpointDir;

  /** Longest a record waits in a network buffer between operators. */
  public final Duration bufferTimeout;

  /** Checkpoint interval; state and Kafka offsets are consistent at each checkpoint. */
  public final Duration checkpointInterval;

  /** Restarts before the job gives up (fixed delay of {@link #restartDelay}). */
  public final int restartAttempts;

  public final Duration restartDelay;

  /** Devices the edge serves; empty means any valid id. Others' tasks are dead-lettered. */
  public final java.util.Set<String> knownDevices;

  /** Edge servers of this deployment; empty means any. */
  public final java.util.Set<String> knownEdges;

  /** How long a task id is remembered to refuse duplicates. */
  public final Duration duplicateWindow;

  /**
   * How long a device outcome waits for its task's plan before it is dead-lettered as unplanned
   * (after a recovery an outcome can be re-read before its task is planned again).
   */
  public final Duration deviceOutcomeWait;

  /** How often the job looks for new device outcome topics (new devices). */
  public final Duration outcomeTopicDiscovery;

  /** Extra Kafka client settings for every source and sink (security, timeouts). */
  public final java.util.Map<String, String> kafkaProperties;

  private JobOptions(Builder b) {
    this.bootstrapServers = b.bootstrapServers;
    this.groupId = b.groupId;
    this.batchSize = b.batchSize;
    this.maxWait = b.maxWait;
    this.planOnly = b.planOnly;
    this.gpuSlots = b.gpuSlots;
    this.edgeQueueCapacity = b.edgeQueueCapacity;
    this.inferenceTimeout = b.inferenceTimeout;
    this.maxRecordBytes = b.maxRecordBytes;
    this.parallelism = b.parallelism;
    this.seed = b.seed;
    this.checkpointInterval = b.checkpointInterval;
    this.bufferTimeout = b.bufferTimeout;
    this.checkpointDir = b.checkpointDir;
    this.restartAttempts = b.restartAttempts;
    this.restartDelay = b.restartDelay;
    this.knownDevices = java.util.Set.copyOf(b.knownDevices);
    this.knownEdges = java.util.Set.copyOf(b.knownEdges);
    this.duplicateWindow = b.duplicateWindow;
    this.deviceOutcomeWait = b.deviceOutcomeWait;
    this.outcomeTopicDiscovery = b.outcomeTopicDiscovery;
    this.kafkaProperties = java.util.Map.copyOf(b.kafkaProperties);
  }

  /** file:///<tmp>/hybridsr-checkpoints: the default for local runs. */
  public static String localCheckpointDir() {
    return java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "hybridsr-checkpoints")
        .toUri()
        .toString();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder; only {@code bootstrapServers} is required when the job reads Kafka. */
  public static final class Builder {
    private String bootstrapServers;
    private String groupId = "hybridsr-job";
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Duration maxWait = DEFAULT_MAX_WAIT;
    private boolean planOnly;
    private int gpuSlots = 1;
    private int edgeQueueCapacity = DEFAULT_EDGE_QUEUE_CAPACITY;
    private Duration inferenceTimeout = Duration.ofMinutes(5);
    private int maxRecordBytes = DEFAULT_MAX_RECORD_BYTES;
    private int parallelism = 1;
    private long seed = 42;
    private Duration checkpointInterval = Duration.ofSeconds(10);
    private Duration bufferTimeout = Duration.ofMillis(5);
    private String checkpointDir = localCheckpointDir();
    private int restartAttempts = 10;
    private Duration restartDelay = Duration.ofSeconds(2);
    private java.util.Set<String> knownDevices = java.util.Set.of();
    private java.util.Set<String> knownEdges = java.util.Set.of();
    private Duration duplicateWindow = Duration.ofHours(24);
    private Duration deviceOutcomeWait = Duration.ofMinutes(10);
    private Duration outcomeTopicDiscovery = Duration.ofSeconds(5);
    private java.util.Map<String, String> kafkaProperties = java.util.Map.of();

    public Builder bootstrapServers(String v) {
      this.bootstrapServers = v;
      return this;
    }

    public Builder groupId(String v) {
      this.groupId = v;
      return this;
    }

    /** K: the window fires when this many tasks of one edge have arrived. */
    public Builder batchSize(int v) {
      this.batchSize = v;
      return this;
    }

    /** ... or this long after the first of them, whichever comes first. */
    public Builder maxWait(Duration v) {
      this.maxWait = v;
      return this;
    }

    /** Plan and report configurations without generating (capacity planning, load tests). */
    public Builder planOnly(boolean v) {
      this.planOnly = v;
      return this;
    }

    /** Concurrent requests in each async GPU operator (its capacity). */
    public Builder gpuSlots(int v) {
      this.gpuSlots = v;
      return this;
    }

    /** Longest one task may hold a GPU slot (its service, not its wait for the slot). */
    public Builder inferenceTimeout(Duration v) {
      this.inferenceTimeout = v;
      return this;
    }

    /**
     * Tasks the edge's GPU operator may hold; admission control keeps the queue within L0, so this
     * only has to be large enough that planning never waits on the GPU operator.
     */
    public Builder edgeQueueCapacity(int v) {
      this.edgeQueueCapacity = v;
      return this;
    }

    public Builder maxRecordBytes(int v) {
      this.maxRecordBytes = v;
      return this;
    }

    public Builder parallelism(int v) {
      this.parallelism = v;
      return this;
    }

    /** Seeds the scheduler and the generator, so a run can be repeated. */
    public Builder seed(long v) {
      this.seed = v;
      return this;
    }

    public Builder checkpointInterval(Duration v) {
      this.checkpointInterval = v;
      return this;
    }

    public Builder bufferTimeout(Duration v) {
      this.bufferTimeout = v;
      return this;
    }

    /** Null: the cluster's own checkpoint storage (flink run, Kubernetes). */
    public Builder checkpointDir(String v) {
      this.checkpointDir = v;
      return this;
    }

    public Builder restartAttempts(int v) {
      this.restartAttempts = v;
      return this;
    }

    public Builder restartDelay(Duration v) {
      this.restartDelay = v;
      return this;
    }

    public Builder knownDevices(java.util.Set<String> v) {
      this.knownDevices = v;
      return this;
    }

    public Builder knownEdges(java.util.Set<String> v) {
      this.knownEdges = v;
      return this;
    }

    public Builder duplicateWindow(Duration v) {
      this.duplicateWindow = v;
      return this;
    }

    public Builder deviceOutcomeWait(Duration v) {
      this.deviceOutcomeWait = v;
      return this;
    }

    public Builder outcomeTopicDiscovery(Duration v) {
      this.outcomeTopicDiscovery = v;
      return this;
    }

    public Builder kafkaProperties(java.util.Map<String, String> v) {
      this.kafkaProperties = v;
      return this;
    }

    public JobOptions build() {
      require(
          checkpointInterval != null && checkpointInterval.toMillis() >= 10,
          "checkpointInterval",
          "must be at least 10 ms, got " + checkpointInterval);
      require(
          bufferTimeout != null && !bufferTimeout.isNegative(), "bufferTimeout", "must be >= 0");
      require(restartAttempts >= 0, "restartAttempts", "must be >= 0, got " + restartAttempts);
      require(restartDelay != null && !restartDelay.isNegative(), "restartDelay", "must be >= 0");
      require(
          duplicateWindow != null && duplicateWindow.toMillis() > 0,
          "duplicateWindow",
          "must be positive");
      require(
          deviceOutcomeWait != null && deviceOutcomeWait.toMillis() > 0,
          "deviceOutcomeWait",
          "must be positive");
      require(
          outcomeTopicDiscovery != null && outcomeTopicDiscovery.toMillis() > 0,
          "outcomeTopicDiscovery",
          "must be positive");
      require(batchSize >= 1, "batchSize", "must be >= 1, got " + batchSize);
      require(
          maxWait != null && !maxWait.isNegative() && !maxWait.isZero(),
          "maxWait",
          "must be positive, got " + maxWait);
      require(gpuSlots >= 1, "gpuSlots", "must be >= 1, got " + gpuSlots);
      require(
          edgeQueueCapacity >= gpuSlots,
          "edgeQueueCapacity",
          "must be >= gpuSlots (" + gpuSlots + "), got " + edgeQueueCapacity);
      require(
          inferenceTimeout != null && !inferenceTimeout.isNegative() && !inferenceTimeout.isZero(),
          "inferenceTimeout",
          "must be positive");
      require(maxRecordBytes >= 256, "maxRecordBytes", "must be >= 256, got " + maxRecordBytes);
      require(parallelism >= 1, "parallelism", "must be >= 1, got " + parallelism);
      require(groupId != null && !groupId.isBlank(), "groupId", "must not be blank");
      return new JobOptions(this);
    }

    private static void require(boolean ok, String field, String why) {
      if (!ok) {
        throw new IllegalArgumentException("job option " + field + ": " + why);
      }
    }
  }
}
