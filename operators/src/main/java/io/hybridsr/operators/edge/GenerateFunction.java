package io.hybridsr.operators.edge;

import io.hybridsr.inference.sdxl.GenerationRequest;
import io.hybridsr.inference.sdxl.GenerationResult;
import io.hybridsr.inference.sdxl.SdxlPipeline;
import io.hybridsr.operators.plan.PlannedTask;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * SDXL text-to-image at the planned generation size R and steps D, off the task thread.
 *
 * <p>A model error or timeout completes the element as failed, never exceptionally: one bad task
 * must not restart the job and replay its window. Metrics: {@code generationMillis},
 * {@code generationInFlight} (async queue depth), {@code generationFailures}.
 */
public final class GenerateFunction extends RichAsyncFunction<PlannedTask, GeneratedTask> {
  private static final long serialVersionUID = 1L;

  private final EdgeModelSpec spec;
  private final int slots;
  private final long seed;
  private transient SdxlPipeline sdxl;
  private transient ExecutorService pool;
  private transient AtomicInteger inFlight;
  private transient Histogram millis;
  private transient Counter failures;

  public GenerateFunction(EdgeModelSpec spec, int slots, long seed) {
    this.spec = spec;
    this.slots = slots;
    this.seed = seed;
  }

  @Override
  public void open(OpenContext ctx) {
    sdxl = spec.openSdxl();
    pool = GpuSlots.create("sdxl", slots);
    inFlight = new AtomicInteger();
    var g = getRuntimeContext().getMetricGroup();
    millis = g.histogram("generationMillis", new DescriptiveStatisticsHistogram(1024));
    failures = g.counter("generationFailures");
    g.gauge("generationInFlight", inFlight::get);
  }

  @Override
  public void asyncInvoke(PlannedTask p, ResultFuture<GeneratedTask> result) {
    inFlight.incrementAndGet();
    pool.execute(() -> {
      try {
        long t0 = System.nanoTime();
        GenerationRequest req =
            GenerationRequest.of(p.task.prompt(), p.generationWidth, p.generationHeight, p.steps)
                .withSeed(seed ^ p.task.taskId().hashCode());
        GenerationResult r = sdxl.generate(req);
        GeneratedTask g = new GeneratedTask();
        g.planned = p;
        g.latent = r.latent();
        g.image = r.image();
        g.generationSeconds = (System.nanoTime() - t0) / 1e9;
        millis.update((long) (g.generationSeconds * 1000));
        result.complete(List.of(g));
      } catch (Exception | OutOfMemoryError e) {
        failures.inc();
        result.complete(List.of(GeneratedTask.failed(p, "generation failed: " + e)));
      } finally {
        inFlight.decrementAndGet();
      }
    });
  }

  @Override
  public void timeout(PlannedTask p, ResultFuture<GeneratedTask> result) {
    failures.inc();
    result.complete(List.of(GeneratedTask.failed(p, "generation timed out")));
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
