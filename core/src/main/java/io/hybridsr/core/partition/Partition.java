package io.hybridsr.core.partition;

import java.util.List;

/**
 * The outcome of a variance partition: the grid's patches (row-major), their variances, and which
 * of them are foreground.
 *
 * @param grid patches per side (n of the n x n grid)
 * @param patches patch rectangles in row-major order, in the partitioned tensor's coordinates
 * @param variances spatial variance of each patch (mean over channels)
 * @param foreground per patch, whether it goes to the edge (high variance) SR path
 */
public record Partition(int grid, List<Rect> patches, double[] variances, boolean[] foreground) {
  public Partition {
    patches = List.copyOf(patches);
    if (patches.size() != grid * grid
        || variances.length != patches.size()
        || foreground.length != patches.size()) {
      throw new IllegalArgumentException(
          "partition arrays must all have grid^2 = " + grid * grid + " entries");
    }
    variances = variances.clone();
    foreground = foreground.clone();
  }

  public int foregroundCount() {
    int n = 0;
    for (boolean f : foreground) {
      n += f ? 1 : 0;
    }
    return n;
  }

  public boolean isForeground(int patch) {
    return foreground[patch];
  }

  @Override
  public double[] variances() {
    return variances.clone();
  }

  @Override
  public boolean[] foreground() {
    return foreground.clone();
  }

  /**
   * The same partition with every rectangle multiplied by {@code factor}: latent patches to pixel
   * patches (x8 for SDXL's VAE).
   */
  public Partition scaled(int factor) {
    return new Partition(
        grid, patches.stream().map(r -> r.scale(factor)).toList(), variances, foreground);
  }
}
