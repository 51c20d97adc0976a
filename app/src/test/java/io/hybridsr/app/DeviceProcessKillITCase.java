package io.hybridsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Resampler;
import io.hybridsr.core.partition.Partition;
import io.hybridsr.core.task.Task;
import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.broker.EmbeddedKafkaBroker;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.kafka.records.PatchRecordSerde;
import io.hybridsr.operators.edge.PatchCutter;
import io.hybridsr.operators.plan.PlannedTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device application as its own process ({@code hybridsr device}), killed with SIGKILL in the
 * middle of its work and started again: every task of its topic ends with one image and one
 * COMPLETED outcome.
 */
class DeviceProcessKillITCase {
  static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.builder().build().start();
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void shouldFinishEveryTaskAfterTheDeviceProcessIsKilled(@TempDir Path out) throws Exception {
    String device = "killdev";
    try (TopicAdmin admin = TopicAdmin.forBootstrap(broker.bootstrapServers(), Map.of())) {
      admin.ensureFixedTopics();
      admin.ensureDeviceTopic(device);
    }
    int tasks = 6;
    Properties pp = new Properties();
    pp.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    pp.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_PATCH_RECORD_BYTES);
    try (var producer =
        new KafkaProducer<>(pp, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < tasks; i++) {
        for (PatchRecord p : patches("kill-" + i, device, i)) {
          ProducerRecord<byte[], byte[]> rec =
              new ProducerRecord<>(Topics.deviceTopic(device), p.key().getBytes(), p.payload());
          PatchRecordSerde.writeHeaders(p, rec.headers());
          producer.send(rec);
        }
      }
    }
    Path images = out.resolve(device);
    Process first = startDevice(device, out, out.resolve("device-1.log"));
    try {
      waitForImages(images, 1, Duration.ofSeconds(120));
    } finally {
      first.destroyForcibly().waitFor();
    }
    long before = countImages(images);
    assertTrue(before < tasks, "killed mid-run (" + before + " of " + tasks + " images written)");

    Process second = startDevice(device, out, out.resolve("device-2.log"));
    try {
      waitForImages(images, tasks, Duration.ofSeconds(180));
      // No job runs here: read the device's own outcome topic, which the job would relay.
      var results =
          KafkaTestIO.readUntil(
              broker.bootstrapServers(),
              Topics.deviceOutcomeTopic(device),
              r -> KafkaTestIO.countByTask(r, Outcome.Status.COMPLETED).size() >= tasks,
              Duration.ofSeconds(30));
      Map<String, Integer> completed = KafkaTestIO.countByTask(results, Outcome.Status.COMPLETED);
      for (int i = 0; i < tasks; i++) {
        assertEquals(
            1, completed.getOrDefault("kill-" + i, 0), "one COMPLETED outcome for kill-" + i);
        assertEquals(512, ImageFiles.read(images.resolve("kill-" + i + ".png")).width());
      }
      assertEquals(tasks, countImages(images), "no duplicate or half-written image");
    } finally {
      second.destroy();
      second.waitFor();
    }
  }

  private static List<PatchRecord> patches(String taskId, String device, int seed) {
    PlannedTask p = new PlannedTask();
    p.task = new Task(taskId, "u" + seed, device, "edge", 512, 512, 0.5, "p");
    p.scale = 2;
    p.steps = 20;
    p.gamma = 0.25;
    p.gridSize = 4;
    ImageTensor image = HybridPatchRoundTripTest.smoothImage(256, 256, seed);
    Partition part = PatchCutter.partition(p, Resampler.bicubic(image, 32, 32), image);
    return new PatchCutter(8).cut(p, image, part, new BicubicSuperResolver());
  }

  private static Process startDevice(String device, Path out, Path log) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            "io.hybridsr.device.DeviceMain",
            "device",
            "--id",
            device,
            "--bootstrap",
            broker.bootstrapServers(),
            "--out",
            out.toString(),
            "--model",
            "x4fast",
            "--threads",
            "1");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return pb.start();
  }

  private static long countImages(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.toString().endsWith(".png") && !f.toString().endsWith(".pending.png"))
          .count();
    }
  }

  private static void waitForImages(Path dir, long n, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (countImages(dir) < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }
}
