package io.hybridsr.inference.stablesr;

import java.util.ArrayList;
import java.util.List;

/**
 * Overlapping tiles over a latent and their Gaussian blending weights, as StableSR's {@code
 * sample_canvas}: each tile's prediction is weighted by a Gaussian centred on the tile, so seams
 * fade out where tiles overlap.
 *
 * <p>A pure, stateless function of the sizes: the sampler asks for the grid, runs the model on each
 * tile, and {@link Accumulator} blends the results.
 */
public final class LatentTiling {
  private LatentTiling() {}

  /** One tile: its rectangle in the latent. */
  public record Tile(int x, int y, int width, int height) {}

  /**
   * Tiles of at most {@code tile} x {@code tile} covering a {@code width} x {@code height} latent,
   * neighbours overlapping by at least {@code overlap}; the last tile of a row/column is aligned to
   * the border so that all tiles have the same size.
   */
  public static List<Tile> grid(int width, int height, int tile, int overlap) {
    if (tile < 1 || overlap < 0 || overlap >= tile) {
      throw new IllegalArgumentException(
          "need tile >= 1 and 0 <= overlap < tile, got tile " + tile + ", overlap " + overlap);
    }
    List<Tile> out = new ArrayList<>();
    int tw = Math.min(tile, width);
    int th = Math.min(tile, height);
    for (int y : starts(height, th, tile - overlap)) {
      for (int x : starts(width, tw, tile - overlap)) {
        out.add(new Tile(x, y, tw, th));
      }
    }
    return out;
  }

  private static List<Integer> starts(int size, int tile, int stride) {
    List<Integer> s = new ArrayList<>();
    if (tile >= size) {
      s.add(0);
      return s;
    }
    for (int p = 0; ; p += stride) {
      if (p + tile >= size) {
        s.add(size - tile);
        break;
      }
      s.add(p);
    }
    return s;
  }

  /**
   * StableSR's tile weights ({@code _gaussian_weights}): a separable Gaussian with variance 0.01 in
   * units of the tile size, centred at {@code (width - 1) / 2} across and, as the reference writes
   * it, at {@code height / 2} down (half a cell lower).
   */
  public static float[] gaussianWeights(int width, int height) {
    float[] wx = gaussian1d(width, (width - 1) / 2.0);
    float[] wy = gaussian1d(height, height / 2.0);
    float[] w = new float[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        w[y * width + x] = wx[x] * wy[y];
      }
    }
    return w;
  }

  private static float[] gaussian1d(int n, double mid) {
    double var = 0.01;
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      double d = (i - mid) / n;
      w[i] = (float) (Math.exp(-d * d / (2 * var)) / Math.sqrt(2 * Math.PI * var));
    }
    return w;
  }

  /** Blends tile results ([channels, tile h, tile w] each) into a full [channels, h, w] field. */
  public static final class Accumulator {
    private final int channels;
    private final int width;
    private final int height;
    private final double[] sum;
    private final double[] weight;

    public Accumulator(int channels, int width, int height) {
      this.channels = channels;
      this.width = width;
      this.height = height;
      this.sum = new double[channels * width * height];
      this.weight = new double[width * height];
    }

    public void add(Tile t, float[] values) {
      float[] g = gaussianWeights(t.width(), t.height());
      for (int c = 0; c < channels; c++) {
        for (int y = 0; y < t.height(); y++) {
          for (int x = 0; x < t.width(); x++) {
            float w = g[y * t.width() + x];
            int i = (t.y() + y) * width + t.x() + x;
            sum[c * width * height + i] += w * values[(c * t.height() + y) * t.width() + x];
            if (c == 0) {
              weight[i] += w;
            }
          }
        }
      }
    }

    public float[] result() {
      float[] out = new float[sum.length];
      int plane = width * height;
      for (int i = 0; i < out.length; i++) {
        double w = weight[i % plane];
        if (w == 0) {
          throw new IllegalStateException("latent pixel " + (i % plane) + " is covered by no tile");
        }
        out[i] = (float) (sum[i] / w);
      }
      return out;
    }
  }
}
