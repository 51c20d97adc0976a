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
   * Serves one small task before the first real one, as Triton's model warm-up does: a runner's
   * first runs are slower (ONNX Runtime allocates its buffers, the JIT compiles the code around the
   * models: partition, SR, encoding), measured in the demo at 1.5-3x the later ones. Served to a
   * task, that time would count as the task's and teach the planner's learners a speed the edge
   * does not have. The patches are dropped.
   */
  public void warmUp() throws Exception {
    PlannedTask p = new PlannedTask();
    p.task =
        new io.hybridsr.core.task.Task(
            "warm-up", "warm-up", "warm-up", "warm-up", WARM_UP_SIDE, WARM_UP_SIDE, 0.5, "warm-up");
    p.scale = WARM_UP_SCALE;
    p.steps = WARM_UP_STEPS;
    p.generationWidth = WARM_UP_SIDE / WARM_UP_SCALE;
    p.generationHeight = WARM_UP_SIDE / WARM_UP_SCALE;
    p.gamma = WARM_UP_GAMMA;
    p.gridSize = WARM_UP_GRID;
    serve(p, () -> {});
  }

  /**
   * {@link #warmUp()}, then a generation of few steps at each of {@code sizes}: ONNX Runtime's
   * first run at a new input shape is slower (1.5-2x in the demo) however warm the rest is.
   */
  public void warmUp(java.util.List<io.hybridsr.core.config.GenerationSize> sizes)
      throws Exception {
    warmUp();
    for (io.hybridsr.core.config.GenerationSize s : sizes) {
      sdxl.generate(
          GenerationRequest.of("warm-up", s.width(), s.height(), WARM_UP_STEPS).withSeed(seed));
    }
  }

  /** The warm-up task: 512 px at S = 2 (a 256 px generation), so its foreground goes to the SR. */
  private static final int WARM_UP_SIDE = 512;

  private static final int WARM_UP_SCALE = 2;

  private static final int WARM_UP_STEPS = 2;

  /** The profiles' default foreground share and grid. */
  private static final double WARM_UP_GAMMA = 0.25;

  private static final int WARM_UP_GRID = 4;

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
