package io.hybridsr.inference.hybrid;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.partition.Partition;
import java.util.List;

/**
 * A hybrid upscale and how it was made.
 *
 * @param image the stitched output, values in [0,1]
 * @param partition the partition used, in input pixels
 * @param edgeRunner the model that served the edge (foreground) slot
 * @param deviceRunner the model that served the device (background) slot
 * @param patchRunners per patch (row-major), the model that upscaled it
 * @param edgeNanos time spent in the edge slot
 * @param deviceNanos time spent in the device slot
 */
public record HybridResult(
    ImageTensor image,
    Partition partition,
    String edgeRunner,
    String deviceRunner,
    List<String> patchRunners,
    long edgeNanos,
    long deviceNanos) {
  public HybridResult {
    patchRunners = List.copyOf(patchRunners);
  }

  /** One line for logs and the CLI: which runner served which slot and how long it took. */
  public String summary() {
    int fg = partition.foregroundCount();
    int all = partition.patches().size();
    return String.format(
        "edge slot: %s, %d patches, %.2f s; device slot: %s, %d patches, %.2f s",
        edgeRunner, fg, edgeNanos / 1e9, deviceRunner, all - fg, deviceNanos / 1e9);
  }
}
