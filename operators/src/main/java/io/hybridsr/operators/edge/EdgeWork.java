package io.hybridsr.operators.edge;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.partition.Partition;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.inference.sdxl.GenerationRequest;
import io.hybridsr.inference.sdxl.GenerationResult;
import io.hybridsr.inference.sdxl.SdxlPipeline;
import io.hybridsr.operators.plan.PlannedTask;

/**
 * What an edge GPU slot does for one task, timed by stage: generation with the partition and the
 * background's encoding, then the foreground's SR and encoding. The GPU operator serves tasks with
 * it and {@code ./hybridsr calibrate} times the same code, so the calibrated stage models describe
 * exactly what the job measures.
 */
public final class EdgeWork implements AutoCloseable {
  private final SdxlPipeline sdxl;
  private final SuperResolver edgeSr;
  private final PatchCutter cutter;
  private final long seed;

  /** What one task's edge work produced and how long each stage took. */
  public record Served(PatchCutter.Cut cut, double generationSeconds, double edgeSrSeconds) {}

  public EdgeWork(SdxlPipeline sdxl, SuperResolver edgeSr, int marginPx, long seed) {
    this.sdxl = sdxl;
    this.edgeSr = edgeSr;
    this.cutter = new PatchCutter(marginPx);
    this.seed = seed;
  }

  /** Closes the generation pipeline and the edge SR runner (this object owns both). */
  @Override
  public void close() {
    try {
      sdxl.close();
    } finally {
      edgeSr.close();
    }
  }

  /** The edge SR runner's name, for reports. */
  public String edgeSrName() {
    return edgeSr.name();
  }

  /**
   * Runs each model once on a small input before the first task, as Triton's model warm-up does: a
   * runner's first runs are slower (ONNX Runtime allocates its buffers, the JIT compiles the code
   * around the models), measured in the demo at 1.5-3x the later ones. Served to a task, that time
   * would count as the task's and teach the planner's learners a speed the edge does not have.
   */
  public void warmUp() throws Exception {
    GenerationResult g =
        sdxl.generate(
            GenerationRequest.of("warm-up", WARM_UP_SIDE, WARM_UP_SIDE, WARM_UP_STEPS)
                .withSeed(seed));
    ImageTensor image = g.image();
    int tile = Math.min(WARM_UP_TILE, Math.min(image.width(), image.height()));
    edgeSr.upscale(image.crop(0, 0, tile, tile));
  }

  /** The warm-up's generation: the smallest common size, few steps. */
  private static final int WARM_UP_SIDE = 512;

  private static final int WARM_UP_STEPS = 2;

  /** The warm-up's SR input side, a patch's size at a typical grid. */
  private static final int WARM_UP_TILE = 64;

  /**
   * Serves {@code p}; {@code generated} is called between the stages (so a failure can be told
   * apart: generation's or SR's).
   */
  public Served serve(PlannedTask p, Runnable generated) throws Exception {
    long t0 = System.nanoTime();
    GenerationResult g =
        sdxl.generate(
            GenerationRequest.of(p.task.prompt(), p.generationWidth, p.generationHeight, p.steps)
                .withSeed(seed ^ p.task.taskId().hashCode()));
    ImageTensor image = g.image();
    Partition part = PatchCutter.partition(p, g.latent(), image);
    double generateSeconds = (System.nanoTime() - t0) / 1e9;
    generated.run();
    PatchCutter.Cut cut = cutter.cutTimed(p, image, part, edgeSr);
    // Generation's slot time includes the partition and the background's encoding; T2 is the
    // foreground's SR and encoding (docs/models.md, "Stage models").
    return new Served(cut, generateSeconds + cut.backgroundSeconds(), cut.foregroundSeconds());
  }
}
