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
 * window's wait (by design up to {@code maxWait}), so the target is {@code maxWait + 50 ms}.
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
        // Warm-up: the job's first records pay for class loading and JIT.
        gen.run(Math.min(rate, 1000), 3, () -> {});
        awaitCount(reader, gen.sent(), Duration.ofSeconds(30));
        reader.reset();
        long startSent = gen.sent();
        long t0 = System.nanoTime();
        gen.run(
            rate,
            seconds,
            () ->
                out.printf(
                    "  %5.0f s: sent %,d, planned %,d%n",
                    (System.nanoTime() - t0) / 1e9, gen.sent() - startSent, reader.count()));
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        long target = gen.sent() - startSent;
        awaitCount(reader, target, o.maxWait.plus(Duration.ofSeconds(20)));
        reader.stop();
        readerThread.join();
        long[] lat = reader.latencies();
        Arrays.sort(lat);
        // Sustained rate: plans per second between the first and the last plan of the run.
        double planSeconds = Math.max(sendSeconds, (reader.lastNanos() - t0) / 1e9);
        return new Result(
            target,
            reader.count(),
            planSeconds,
            reader.count() / planSeconds,
            pct(lat, 0.50),
            pct(lat, 0.99),
            lat.length == 0 ? Double.NaN : lat[lat.length - 1],
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
              record(o.timestampMs() - sent);
            }
          }
        }
      }
    }

    private volatile long lastNanos;

    long lastNanos() {
      return lastNanos;
    }

    private synchronized void record(long ms) {
      lastNanos = System.nanoTime();
      if (n == latencies.length) {
        latencies = Arrays.copyOf(latencies, n * 2);
      }
      latencies[n++] = ms;
      count.incrementAndGet();
    }

    synchronized void reset() {
      n = 0;
      count.set(0);
    }

    synchronized long[] latencies() {
      return Arrays.copyOf(latencies, n);
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
