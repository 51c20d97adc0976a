package io.hybridsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.inference.onnx.ExecutionProvider;
import io.hybridsr.inference.onnx.SessionCache;
import io.hybridsr.inference.realesrgan.RealEsrganModels;
import io.hybridsr.inference.store.RealEsrganModel;
import io.hybridsr.jobs.GpuEdgeStage;
import io.hybridsr.jobs.HybridSrJob;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.operators.edge.EdgeModelSpec;
import io.hybridsr.operators.plan.SchedulerBatchPlanner;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The edge operators own their model sessions: a job opens them when its operators open and closes
 * them when it is cancelled, so a TaskManager that runs job after job keeps none of a cancelled
 * job's sessions.
 */
class SessionLifetimeITCase extends BrokerAndFlinkTestBase {
  // 3 intra-op threads: a Real-ESRGAN session key, and an SDXL session holder, that no other test
  // of this JVM opens
  private static final int THREADS = 3;

  @Test
  void shouldCloseEveryModelSessionOfACancelledJob() throws Exception {
    // the edge opens its diffusion models on its own thread count's holder
    SessionCache diffusion = SessionCache.shared(ExecutionProvider.CPU, THREADS);
    // Other test classes in this JVM may still hold sessions of their own: count from here.
    int realEsrganBefore = RealEsrganModels.openSessions();
    int diffusionBefore = diffusion.openSessions();
    for (int round = 1; round <= 3; round++) {
      JobOptions o =
          JobOptions.builder()
              .bootstrapServers(broker.bootstrapServers())
              .groupId("sessions-it-" + round)
              .batchSize(2)
              .maxWait(Duration.ofMillis(300))
              .gpuSlots(1)
              .build();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(2); // two edge subtasks share one session per model
      HybridSrJob.wireKafka(
          env,
          o,
          new SchedulerBatchPlanner(null, 1.0, 7),
          new GpuEdgeStage(new EdgeModelSpec(null, null, THREADS, RealEsrganModel.X4FAST), 2));
      JobClient job = env.executeAsync("sessions-it-" + round);
      try {
        awaitCount(
            "round " + round + ": the edge SR session opens",
            RealEsrganModels::openSessions,
            realEsrganBefore + 1);
        // the stand-in's text encoders, UNet and VAE decoder (held by the job, or already by
        // others)
        assertTrue(
            diffusion.openSessions() >= 4, "SDXL sessions open: " + diffusion.openSessions());
      } finally {
        job.cancel().get();
      }
      awaitStatus(job, JobStatus.CANCELED);
      awaitCount(
          "round " + round + ": the cancelled job's Real-ESRGAN session closes",
          RealEsrganModels::openSessions,
          realEsrganBefore);
      awaitCount(
          "round " + round + ": the cancelled job's SDXL sessions close",
          diffusion::openSessions,
          diffusionBefore);
    }
  }

  private static void awaitCount(String what, IntSupplier count, int expected)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (count.getAsInt() != expected && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(expected, count.getAsInt(), what);
  }

  private static void awaitStatus(JobClient job, JobStatus status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (job.getJobStatus().get() != status && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertEquals(status, job.getJobStatus().get());
  }
}
