package io.hybridsr.device;

import io.hybridsr.inference.SuperResolver;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.MalformedPatchException;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.kafka.records.PatchRecordSerde;
import io.hybridsr.kafka.records.PatchRole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device application's loop (the Jetson side): reads its patch topic, upscales background
 * patches, stitches each task once all its patches are in, writes the image and reports the outcome
 * with measured T1..T6 beside the scheduler's predictions on its own outcome topic, {@code
 * hybridsr.outcomes.<deviceId>} (the job checks it against its plan and relays it to {@code
 * hybridsr.results}; a device may not write there).
 *
 * <p>Delivery: at least once from Kafka, exactly one image per task. Offsets are committed only up
 * to the oldest task whose image is not yet written ({@link CommitTracker}); after a crash the
 * re-read patches of finished tasks are recognised by their image file and skipped. An image is
 * written to a temporary file and moved into place, so a file that exists is complete.
 *
 * <pre>{@code
 * try (DeviceConsumer d = new DeviceConsumer(config, x4fast)) {
 *   Thread t = new Thread(d); t.start(); ... d.close();   // close() stops and joins the loop
 * }
 * }</pre>
 */
public final class DeviceConsumer implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceConsumer.class);

  private final DeviceConfig config;
  private final TaskStitcher stitcher;
  private final SuperResolver sr;
  private final TokenBucket link;
  private final PatchAssembler assembler;
  private final CommitTracker tracker = new CommitTracker();
  private final Map<String, LinkTimes> linkTimes = new HashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Stats stats = new Stats();
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  /** {@code hybridsr.outcomes.<deviceId>}: the only topic this device writes. */
  private final String outcomeTopic;

  public DeviceConsumer(DeviceConfig config, SuperResolver deviceSr) {
    this.config = config;
    this.sr = deviceSr;
    this.outcomeTopic = Topics.deviceOutcomeTopic(config.deviceId());
    this.stitcher = new TaskStitcher(deviceSr);
    this.link = config.linkBitsPerSecond() > 0 ? new TokenBucket(config.linkBitsPerSecond()) : null;
    this.assembler = new PatchAssembler(config.taskDeadline().toMillis());
  }

  /** Counters a caller (CLI, demo, tests) can read while the loop runs. */
  public static final class Stats {
    public final AtomicLong patches = new AtomicLong();
    public final AtomicLong completed = new AtomicLong();
    public final AtomicLong incomplete = new AtomicLong();
    public final AtomicLong duplicatesSkipped = new AtomicLong();
    public final AtomicLong malformed = new AtomicLong();
  }

  public Stats stats() {
    return stats;
  }

  public Path imagePath(String taskId) {
    return config.outputDir().resolve(safeFileName(taskId) + ".png");
  }

  /**
   * Changes this device's emulated link rate while it runs (for experiments where a device's link
   * degrades); no effect without link emulation.
   */
  public void setLinkBitsPerSecond(double bitsPerSecond) {
    if (link != null) {
      link.setBitsPerSecond(bitsPerSecond);
    }
  }

  @Override
  public void run() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("a DeviceConsumer runs once");
    }
    String topic = Topics.deviceTopic(config.deviceId());
    try (KafkaConsumer<byte[], byte[]> c =
            new KafkaConsumer<>(
                consumerProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<byte[], byte[]> results =
            new KafkaProducer<>(
                producerProps(), new ByteArraySerializer(), new ByteArraySerializer())) {
      consumer = c;
      Files.createDirectories(config.outputDir());
      LOG.info(
          "device {} warmed up in {} ms",
          config.deviceId(),
          Math.round(FinishedImage.warmUp(sr, config.outputDir()) * 1000));
      c.subscribe(List.of(topic));
      LOG.info(
          "device {} reading {}{}",
          config.deviceId(),
          topic,
          link == null
              ? ""
              : String.format(
                  " through an emulated %.1f Mbit/s link (link emulation)",
                  link.bitsPerSecond() / 1e6));
      OptionalLong lastCommitted = OptionalLong.empty();
      while (running.get()) {
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
          handle(r, results);
        }
        for (PatchAssembler.Expired e : assembler.expire(System.currentTimeMillis())) {
          reportIncomplete(e, results);
        }
        OptionalLong commit = tracker.committable();
        if (commit.isPresent() && !commit.equals(lastCommitted)) {
          results.flush();
          c.commitSync(
              Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(commit.getAsLong())));
          lastCommitted = commit;
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(
          "device " + config.deviceId() + ": cannot write to " + config.outputDir(), e);
    } finally {
      consumer = null;
      stopped.countDown();
    }
  }

  private void handle(ConsumerRecord<byte[], byte[]> r, KafkaProducer<byte[], byte[]> results) {
    PatchRecord p;
    try {
      p = PatchRecordSerde.read(r.headers(), r.value());
    } catch (MalformedPatchException e) {
      stats.malformed.incrementAndGet();
      LOG.warn(
          "device {}: skipping malformed patch record at offset {}: {}",
          config.deviceId(),
          r.offset(),
          e.getMessage());
      tracker.readAndDone(r.offset());
      return;
    }
    stats.patches.incrementAndGet();
    if (Files.exists(imagePath(p.taskId()))) {
      // A re-delivery after a restart: this task's image is already written.
      stats.duplicatesSkipped.incrementAndGet();
      tracker.readAndDone(r.offset());
      return;
    }
    tracker.read(r.offset(), p.taskId());
    recordLinkTime(p, r.serializedValueSize() + r.serializedKeySize());
    PatchAssembler.Offer offer = assembler.offer(p, System.currentTimeMillis());
    if (offer == PatchAssembler.Offer.INCONSISTENT) {
      LOG.warn(
          "device {}: patch {} of task {} contradicts the task's other patches; ignored",
          config.deviceId(),
          p.patchIndex(),
          p.taskId());
    } else if (offer == PatchAssembler.Offer.COMPLETED) {
      complete(p.taskId(), results);
    }
  }

  private void recordLinkTime(PatchRecord p, long bytes) {
    LinkTimes t =
        linkTimes.computeIfAbsent(
            p.taskId(),
            k -> {
              LinkTimes n = new LinkTimes();
              n.firstSeenMs = System.currentTimeMillis();
              n.producedAtMs = p.createdAtMs();
              return n;
            });
    double seconds;
    if (link != null) {
      try {
        seconds = link.acquire(bytes);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    } else {
      seconds = Math.max(0, System.currentTimeMillis() - p.createdAtMs()) / 1e3;
    }
    if (p.role() == PatchRole.FOREGROUND) {
      t.foreground += link != null ? seconds : 0;
      t.foregroundMax = Math.max(t.foregroundMax, seconds);
    } else {
      t.background += link != null ? seconds : 0;
      t.backgroundMax = Math.max(t.backgroundMax, seconds);
    }
  }

  private void complete(String taskId, KafkaProducer<byte[], byte[]> results) {
    List<PatchRecord> patches = assembler.take(taskId);
    PatchRecord first = patches.get(0);
    LinkTimes lt = linkTimes.remove(taskId);
    try {
      TaskStitcher.Stitched s = stitcher.stitch(patches);
      Path out = imagePath(taskId);
      // Image to a side file, outcome acknowledged, then the image moved into place: an image
      // that exists has its outcome on Kafka, so a re-read after a crash can skip the task.
      Path pending = out.resolveSibling(out.getFileName() + ".pending.png");
      double written =
          FinishedImage.write(
              s.image(),
              patches,
              pending,
              config.partitionOverlay(),
              out.resolveSibling(out.getFileName().toString().replace(".png", ".partition.png")));
      long now = System.currentTimeMillis();
      double t1 = first.generationMillis() / 1e3;
      double t2 = first.edgeSrMillis() / 1e3;
      double t3 = s.srSeconds();
      double t4 = lt == null ? 0 : link != null ? lt.foreground : lt.foregroundMax;
      double t5 = lt == null ? 0 : link != null ? lt.background : lt.backgroundMax;
      // Measured like predicted (docs/models.md): the wait for this device is from the edge's
      // last patch to this device taking the first; T6 is every part after generation.
      double deviceWait = lt == null ? 0 : Math.max(0, lt.firstSeenMs - lt.producedAtMs) / 1e3;
      // Writing the image keeps this device from its next task as stitching does: measured as part
      // of the stitch, the planner's device queue counts it (under overload, left out, it made
      // every queued task's device wait 1-1.5 s per task ahead of it short).
      double stitch = s.stitchSeconds() + written;
      Outcome.Timings measured =
          new Outcome.Timings(
              t1,
              t2,
              t3,
              t4,
              t5,
              t2 + deviceWait + t4 + t5 + t3 + stitch,
              (now - first.taskReceivedAtMs()) / 1e3,
              first.edgeWaitMillis() / 1e3,
              deviceWait,
              stitch);
      send(results, outcome(first, Outcome.Status.COMPLETED, null, measured, out.toString(), null));
      Files.move(pending, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      stats.completed.incrementAndGet();
      LOG.info(
          "device {}: task {} done ({}x{}, S={}, {} fg / {} bg patches)",
          config.deviceId(),
          taskId,
          s.image().width(),
          s.image().height(),
          first.scale(),
          s.foregroundPatches(),
          s.backgroundPatches());
    } catch (RuntimeException e) {
      LOG.warn("device {}: task {} failed: {}", config.deviceId(), taskId, e.toString());
      send(results, outcome(first, Outcome.Status.FAILED, "device: " + e, null, null, null));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "device "
              + config.deviceId()
              + ": cannot write the image of "
              + taskId
              + " ("
              + e.getMessage()
              + "); stopping before committing its patches",
          e);
    }
    tracker.taskDone(taskId);
  }

  private void reportIncomplete(PatchAssembler.Expired e, KafkaProducer<byte[], byte[]> results) {
    String taskId = e.sample().taskId();
    linkTimes.remove(taskId);
    stats.incomplete.incrementAndGet();
    LOG.warn(
        "device {}: task {} incomplete after {} ms: missing patches {}",
        config.deviceId(),
        taskId,
        config.taskDeadline().toMillis(),
        e.missing());
    send(
        results,
        outcome(
            e.sample(),
            Outcome.Status.INCOMPLETE,
            "patches did not all arrive within " + config.taskDeadline().toMillis() + " ms",
            null,
            null,
            e.missing().toString()));
    tracker.taskDone(taskId);
  }

  private Outcome outcome(
      PatchRecord p,
      Outcome.Status status,
      String reason,
      Outcome.Timings measured,
      String output,
      String missing) {
    return new Outcome(
        p.taskId(),
        p.userId(),
        p.deviceId(),
        null,
        status,
        "device:" + config.deviceId(),
        reason,
        p.scale(),
        p.steps(),
        p.generationWidth(),
        p.generationHeight(),
        p.targetWidth(),
        p.targetHeight(),
        null,
        null,
        null,
        predicted(p.predicted()),
        measured,
        output,
        missing,
        System.currentTimeMillis());
  }

  static Outcome.Timings predicted(String csv) {
    if (csv == null || csv.isBlank()) {
      return null;
    }
    String[] v = csv.split(",");
    if (v.length != 7 && v.length != 10) {
      return null;
    }
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = Double.parseDouble(v[i]);
    }
    return v.length == 7
        ? new Outcome.Timings(d[0], d[1], d[2], d[3], d[4], d[5], d[6])
        : new Outcome.Timings(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9]);
  }

  private void send(KafkaProducer<byte[], byte[]> results, Outcome o) {
    try {
      results
          .send(
              new ProducerRecord<>(
                  outcomeTopic, o.taskId().getBytes(StandardCharsets.UTF_8), JsonCodec.toBytes(o)))
          .get();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "device "
              + config.deviceId()
              + ": cannot write the outcome of "
              + o.taskId()
              + " to "
              + outcomeTopic,
          e);
    }
  }

  private Properties consumerProps() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Topics.MAX_PATCH_RECORD_BYTES);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "64");
    // Stitching a large task can take a while on a small device.
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "600000");
    p.putAll(config.kafkaOverrides());
    return p;
  }

  private Properties producerProps() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.putAll(config.kafkaOverrides());
    return p;
  }

  /** Task ids are free text; file names are not. A changed id gets a hash so two never meet. */
  static String safeFileName(String taskId) {
    String safe = taskId.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.equals(taskId) && !safe.startsWith(".")) {
      return safe;
    }
    return "_" + safe + "-" + Integer.toHexString(taskId.hashCode());
  }

  /** Stops the loop after the current batch and waits for it. */
  @Override
  public void close() {
    running.set(false);
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (!started.get()) {
      return;
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Seconds spent receiving a task's patches, by path. */
  private static final class LinkTimes {
    /** When this device took the task's first patch: its wait ends there. */
    long firstSeenMs;

    /** When the edge produced that patch. */
    long producedAtMs;

    double foreground;
    double background;
    double foregroundMax;
    double backgroundMax;
  }
}
