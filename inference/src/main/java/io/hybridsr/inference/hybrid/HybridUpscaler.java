package io.hybridsr.inference.hybrid;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.partition.FeatheredStitcher;
import io.hybridsr.core.partition.Partition;
import io.hybridsr.core.partition.PatchGeometry;
import io.hybridsr.core.partition.Rect;
import io.hybridsr.core.partition.VariancePartitioner;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.inference.realesrgan.RealEsrganModels;
import io.hybridsr.inference.realesrgan.RealEsrganOptions;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Hybrid super-resolution: the high-variance (foreground) patches go to the edge SR model, the rest
 * to the device SR model, and a feathered overlap-add stitcher assembles the result.
 *
 * <p>Each patch is upscaled with {@code margin} input pixels of context around it, so the two
 * models' outputs overlap by 2 x margin x scale pixels and are blended there: no seam, and no
 * brightness step where the models meet. Both slots are plain {@link SuperResolver}s: where the
 * StableSR weights are absent the edge slot runs Real-ESRGAN x4plus and the device slot x4fast
 * ({@link #withRealEsrgan}), and the result names the runner of each slot.
 *
 * <pre>{@code
 * try (HybridUpscaler h = HybridUpscaler.withRealEsrgan(ModelStore.locate(null), RealEsrganOptions.defaults(),
 *     new VariancePartitioner(4, 0.25), HybridUpscaler.DEFAULT_MARGIN)) {
 *   System.out.println(h.upscale(rgb).summary());
 * }
 * }</pre>
 */
public final class HybridUpscaler implements AutoCloseable {
  /** Context around each patch, in input pixels. */
  public static final int DEFAULT_MARGIN = 8;

  /** Told after each patch, e.g. to move a progress bar. */
  @FunctionalInterface
  public interface PatchListener {
    void patchDone(int done, int total);
  }

  private final SuperResolver edge;
  private final SuperResolver device;
  private final VariancePartitioner partitioner;
  private final int margin;

  public HybridUpscaler(
      SuperResolver edge, SuperResolver device, VariancePartitioner partitioner, int margin) {
    if (edge.scale() != device.scale()) {
      throw new IllegalArgumentException(
          "edge ("
              + edge.name()
              + ", x"
              + edge.scale()
              + ") and device ("
              + device.name()
              + ", x"
              + device.scale()
              + ") models must have the same scale");
    }
    if (margin < 0) {
      throw new IllegalArgumentException("margin must be >= 0, got " + margin);
    }
    this.edge = edge;
    this.device = device;
    this.partitioner = partitioner;
    this.margin = margin;
  }

  /** Real-ESRGAN x4plus at the edge and x4fast on the device: the set-up without StableSR. */
  public static HybridUpscaler withRealEsrgan(
      ModelStore store, RealEsrganOptions options, VariancePartitioner partitioner, int margin) {
    return new HybridUpscaler(
        RealEsrganModels.open(store, RealEsrganModel.X4PLUS, options),
        RealEsrganModels.open(store, RealEsrganModel.X4FAST, options),
        partitioner,
        margin);
  }

  /** Closes both runners (this upscaler owns what it was given). */
  @Override
  public void close() {
    try {
      edge.close();
    } finally {
      device.close(); // even if the edge's fails
    }
  }

  public int scale() {
    return edge.scale();
  }

  /** Partitions the image itself by variance, then upscales. */
  public HybridResult upscale(ImageTensor rgb) {
    return upscale(rgb, partitioner.partition(rgb), (d, t) -> {});
  }

  public HybridResult upscale(ImageTensor rgb, PatchListener listener) {
    return upscale(rgb, partitioner.partition(rgb), listener);
  }

  /**
   * Upscales with a given partition in input pixels, e.g. the SDXL latent's partition scaled by
   * {@link VariancePartitioner#LATENT_TO_PIXEL}.
   */
  public HybridResult upscale(ImageTensor rgb, Partition partition, PatchListener listener) {
    int s = scale();
    FeatheredStitcher stitcher =
        FeatheredStitcher.upscaling(rgb.channels(), rgb.width(), rgb.height(), s);
    List<String> runners = new ArrayList<>();
    long edgeNanos = 0;
    long deviceNanos = 0;
    List<Rect> patches = partition.patches();
    for (int i = 0; i < patches.size(); i++) {
      PatchGeometry g = PatchGeometry.of(patches.get(i), margin, rgb.width(), rgb.height(), s);
      SuperResolver sr = partition.isForeground(i) ? edge : device;
      long t0 = System.nanoTime();
      ImageTensor up = sr.upscale(g.cut(rgb));
      long dt = System.nanoTime() - t0;
      if (partition.isForeground(i)) {
        edgeNanos += dt;
      } else {
        deviceNanos += dt;
      }
      stitcher.add(up, g);
      runners.add(sr.name());
      listener.patchDone(i + 1, patches.size());
    }
    return new HybridResult(
        stitcher.result(), partition, edge.name(), device.name(), runners, edgeNanos, deviceNanos);
  }
}
