package io.hybridsr.app.bench;

import io.hybridsr.jobs.HybridSrJob;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.broker.EmbeddedKafkaBroker;
import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.operators.plan.BatchPlanner;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Throughput and added latency of Kafka -> window -> scheduler -> Kafka, measured end to end
 * against the in-JVM broker and a local Flink job.
 *
 * <p>Latency is from the producer's send to the PLANNED outcome's timestamp: it includes the
 * window's wait (by design up to {@code maxWait}), so the target is {@code maxWait + 50 ms}. It is
 * a steady state's: the load runs at the offered rate for a warm-up first, and only tasks sent
 * after it are measured (a step from a low rate to the full one backs the job up for seconds while
 * the JIT recompiles for the new load: 10-16 s at 5,500 tasks/s on 2 cores, which would otherwise
 * be most of the p99). The warm-up's own p99 is reported beside.
 */
public final class PipelineBenchmark {
  /** What one run measured. */
  public record Result(
      long sent,
      long planned,
      double seconds,
      double tasksPerSecond,
      double p50Ms,
      double p99Ms,
      double maxMs,
      double warmUpP99Ms,
      long sendErrors,
      long duplicates) {}

  private final PrintStream out;

  public PipelineBenchmark(PrintStream out) {
    this.out = out;
  }

  public Result run(
      BatchPlanner planner,
      JobOptions.Builder options,
      List<String> prompts,
      double rate,
      double warmUpSeconds,
      double seconds,
      int users,
      int edges)
      throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
      try (TopicAdmin admin = TopicAdmin.forBootstrap(broker.bootstrapServers(), Map.of())) {
        admin.ensureFixedTopics();
      }
      JobOptions o = options.bootstrapServers(broker.bootstrapServers()).planOnly(true).build();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(o.parallelism);
      HybridSrJob.wireKafka(env, o, planner, null);
      JobClient job = env.executeAsync("hybridsr bench pipeline (plan-only)");
      List<String> edgeIds =
          java.util.stream.IntStream.range(0, edges).mapToObj(i -> "edge-" + i).toList();
      try (LoadGenerator gen =
          new LoadGenerator(broker.bootstrapServers(), prompts, users, edgeIds, o.seed)) {
        ResultReader reader = new ResultReader(broker.bootstrapServers(), gen.sentAt());
        Thread readerThread = new Thread(reader, "bench-results");
        readerThread.start();
        // Class loading and the first compilations, at a low rate.
        gen.run(Math.min(rate, 1000), 3, () -> {});
        awaitCount(reader, gen.sent(), Duration.ofSeconds(30));
        reader.reset();
        long before = gen.sent();
        // Then the offered rate without a break: the warm-up's tasks are kept apart.
        long t0 = System.nanoTime();
        long measureFrom = t0 + (long) (warmUpSeconds * 1e9);
        reader.measureFrom(System.currentTimeMillis() + (long) (warmUpSeconds * 1000));
        gen.run(
            rate,
            warmUpSeconds + seconds,
            () -> {
              long now = System.nanoTime();
              out.printf(
                  "  %5.0f s%s: sent %,d, planned %,d%n",
                  (now - measureFrom) / 1e9,
                  now < measureFrom ? " (warm-up)" : "",
                  gen.sent() - before,
                  reader.count() + reader.warmUpCount());
            });
        double sendSeconds = (System.nanoTime() - measureFrom) / 1e9;
        long target = reader.measuredSent();
        awaitCount(reader, target, o.maxWait.plus(Duration.ofSeconds(20)));
        reader.stop();
        readerThread.join();
        long[] lat = reader.latencies();
        Arrays.sort(lat);
        long[] warm = reader.warmUpLatencies();
        Arrays.sort(warm);
        // Sustained rate: plans per second between the end of the warm-up and the last plan.
        double planSeconds = Math.max(sendSeconds, (reader.lastNanos() - measureFrom) / 1e9);
        return new Result(
            target,
            reader.count(),
            planSeconds,
            reader.count() / planSeconds,
            pct(lat, 0.50),
            pct(lat, 0.99),
            lat.length == 0 ? Double.NaN : lat[lat.length - 1],
            pct(warm, 0.99),
            gen.sendErrors(),
            reader.duplicates());
      } finally {
        job.cancel().get();
      }
    }
  }

  private static void awaitCount(ResultReader r, long n, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (r.count() < n && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  /** Reads PLANNED outcomes and records arrival-to-plan latency per task. */
  static final class ResultReader implements Runnable {
    private final String bootstrap;
    private final Map<String, Long> sentAt;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private long[] latencies = new long[1 << 16];
    private int n;
    private long[] warmUp = new long[1 << 16];
    private int warmUpN;
    private volatile long measureFromMs = Long.MIN_VALUE;

    ResultReader(String bootstrap, Map<String, Long> sentAt) {
      this.bootstrap = bootstrap;
      this.sentAt = sentAt;
    }

    @Override
    public void run() {
      Properties p = new Properties();
      p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-results");
      p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      try (var c =
          new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        c.subscribe(List.of(Topics.RESULTS));
        while (running.get()) {
          for (var r : c.poll(Duration.ofMillis(100))) {
            Outcome o = JsonCodec.fromBytes(r.value(), Outcome.class);
            if (!seen.add(o.taskId())) {
              duplicates.incrementAndGet();
              continue;
            }
            Long sent = sentAt.get(o.taskId());
            if (sent != null) {
              record(o.timestampMs() - sent, sent >= measureFromMs);
            }
          }
        }
      }
    }

    private volatile long lastNanos;

    long lastNanos() {
      return lastNanos;
    }

    private synchronized void record(long ms, boolean measured) {
      if (!measured) {
        if (warmUpN == warmUp.length) {
          warmUp = Arrays.copyOf(warmUp, warmUpN * 2);
        }
        warmUp[warmUpN++] = ms;
        return;
      }
      lastNanos = System.nanoTime();
      if (n == latencies.length) {
        latencies = Arrays.copyOf(latencies, n * 2);
      }
      latencies[n++] = ms;
      count.incrementAndGet();
    }

    synchronized void reset() {
      n = 0;
      warmUpN = 0;
      count.set(0);
    }

    /** Tasks sent at or after this wall-clock time are measured; earlier ones are warm-up. */
    void measureFrom(long epochMs) {
      measureFromMs = epochMs;
    }

    /** How many tasks were sent in the measured period. */
    long measuredSent() {
      long from = measureFromMs;
      return sentAt.values().stream().filter(t -> t >= from).count();
    }

    synchronized long[] latencies() {
      return Arrays.copyOf(latencies, n);
    }

    synchronized long[] warmUpLatencies() {
      return Arrays.copyOf(warmUp, warmUpN);
    }

    synchronized long warmUpCount() {
      return warmUpN;
    }

    long count() {
      return count.get();
    }

    long duplicates() {
      return duplicates.get();
    }

    void stop() {
      running.set(false);
    }
  }
}
