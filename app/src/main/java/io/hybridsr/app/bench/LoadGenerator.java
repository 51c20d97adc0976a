package io.hybridsr.app.bench;

import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends tasks at a steady rate (PartiPrompts-like prompts, mixed resolutions and lambdas) and
 * remembers when each was sent, so latency can be measured from arrival.
 */
public final class LoadGenerator implements AutoCloseable {
  private static final int[][] RESOLUTIONS = {
    {1280, 720}, {1920, 1080}, {2560, 1440}, {2048, 2048}
  };

  private final KafkaProducer<byte[], byte[]> producer;
  private final List<String> prompts;
  private final int users;
  private final List<String> edges;
  private final Random random;
  private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong sendErrors = new AtomicLong();

  /** Task numbers run on across calls of {@link #run}, so ids never repeat. */
  private long next;

  public LoadGenerator(
      String bootstrap, List<String> prompts, int users, List<String> edges, long seed) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "65536");
    p.put(ProducerConfig.ACKS_CONFIG, "1");
    this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    this.prompts = prompts;
    this.users = users;
    this.edges = edges;
    this.random = new Random(seed);
  }

  /** Builds the i-th task of the run. */
  public Task task(long i) {
    int[] res = RESOLUTIONS[random.nextInt(RESOLUTIONS.length)];
    int user = (int) (i % users);
    String edge = edges.get(user % edges.size());
    return new Task(
        "bench-" + i,
        "user" + user,
        "dev" + user,
        edge,
        res[0],
        res[1],
        Math.round(random.nextDouble() * 100) / 100.0,
        prompts.get(random.nextInt(prompts.size())));
  }

  /** Sends tasks at {@code ratePerSecond} for {@code seconds}; blocks until done. */
  public void run(double ratePerSecond, double seconds, Runnable onTick)
      throws InterruptedException {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long i = 0;
    long lastTick = start;
    while (System.nanoTime() < end) {
      long due = start + (long) (i / ratePerSecond * 1e9);
      i++;
      long now = System.nanoTime();
      if (due > now) {
        long sleep = due - now;
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      }
      send(task(next++));
      if (System.nanoTime() - lastTick > 1_000_000_000L) {
        lastTick = System.nanoTime();
        onTick.run();
      }
    }
    producer.flush();
  }

  public void send(Task t) {
    byte[] key = t.userId().getBytes(StandardCharsets.UTF_8);
    sentAt.put(t.taskId(), System.currentTimeMillis());
    producer.send(
        new ProducerRecord<>(Topics.TASKS, key, TaskJson.formatBytes(t)),
        (md, e) -> {
          if (e != null) {
            sendErrors.incrementAndGet();
          }
        });
    sent.incrementAndGet();
  }

  public Map<String, Long> sentAt() {
    return sentAt;
  }

  public long sent() {
    return sent.get();
  }

  public long sendErrors() {
    return sendErrors.get();
  }

  @Override
  public void close() {
    producer.close();
  }
}
