package io.hybridsr.operators.edge;

import io.hybridsr.inference.sdxl.GenerationRequest;
import io.hybridsr.inference.sdxl.GenerationResult;
import io.hybridsr.inference.sdxl.SdxlPipeline;
import io.hybridsr.operators.plan.PlannedTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;

/**
 * SDXL text-to-image at the planned generation size R and steps D, on the edge's GPU slots.
 * Metrics: {@code generationMillis}, {@code generationInFlight}, {@code generationFailures}.
 */
public final class GenerateFunction extends GpuSlotFunction<PlannedTask, GeneratedTask> {
  private static final long serialVersionUID = 1L;

  private final EdgeModelSpec spec;
  private final long seed;
  private transient SdxlPipeline sdxl;

  public GenerateFunction(EdgeModelSpec spec, int slots, long seed) {
    super(slots);
    this.spec = spec;
    this.seed = seed;
  }

  @Override
  public void open(OpenContext ctx) throws Exception {
    sdxl = spec.openSdxl();
    var g = getRuntimeContext().getMetricGroup();
    AtomicInteger inFlight = new AtomicInteger();
    g.gauge("generationInFlight", inFlight::get);
    startSlots("sdxl", g.histogram("generationMillis", millisHistogram()), g.counter("generationFailures"), inFlight);
  }

  @Override
  public void asyncInvoke(PlannedTask p, ResultFuture<GeneratedTask> result) {
    runOnSlot(result, () -> {
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
      recordMillis(g.generationSeconds);
      return g;
    }, e -> GeneratedTask.failed(p, "generation failed: " + e));
  }

  @Override
  GeneratedTask timedOut(PlannedTask p) {
    return GeneratedTask.failed(p, "generation timed out");
  }
}
