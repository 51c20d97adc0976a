package io.hybridsr.core.partition;

import io.hybridsr.core.image.ImageTensor;

/**
 * Feathered overlap-add: assembles overlapping upscaled patches into one image without seams.
 *
 * <p>Each patch is weighted by a linear ramp across the part that overlaps its neighbours (its
 * padded rectangle minus its core, on both sides of the core's edge), and the sum is divided by the
 * summed weights. Two neighbours' ramps add up to one across their shared band, and the division
 * makes any pixel covered by one patch keep its value exactly, so there is neither a seam nor a
 * brightness change at patch or image borders.
 *
 * <pre>{@code
 * FeatheredStitcher s = FeatheredStitcher.upscaling(3, inW, inH, scale);
 * s.add(upscaledPatch, geometry);
 * ImageTensor out = s.result();
 * }</pre>
 */
public final class FeatheredStitcher {
  private final int channels;
  private final int width;
  private final int height;
  private final float[] sum;
  private final float[] weight;

  public FeatheredStitcher(int channels, int width, int height) {
    this.channels = channels;
    this.width = width;
    this.height = height;
    this.sum = new float[channels * width * height];
    this.weight = new float[width * height];
  }

  /** A canvas for the patches of a {@code width x height} input, each upscaled by {@code scale}. */
  public static FeatheredStitcher upscaling(int channels, int width, int height, int scale) {
    return new FeatheredStitcher(channels, width * scale, height * scale);
  }

  /** Adds {@code patch}, the upscaled padded rectangle of {@code g}. */
  public synchronized void add(ImageTensor patch, PatchGeometry g) {
    Rect out = g.outputPadded();
    Rect core = g.outputCore();
    if (patch.channels() != channels
        || patch.width() != out.width()
        || patch.height() != out.height()) {
      throw new IllegalArgumentException(
          "patch "
              + patch.shape()
              + " does not match its output rectangle "
              + out
              + " with "
              + channels
              + " channels");
    }
    if (out.right() > width || out.bottom() > height) {
      throw new IllegalArgumentException(
          "patch rectangle " + out + " outside " + width + "x" + height);
    }
    float[] wx = ramp(out.x(), out.width(), core.x(), core.right());
    float[] wy = ramp(out.y(), out.height(), core.y(), core.bottom());
    float[] p = patch.data();
    int plane = width * height;
    int pplane = out.width() * out.height();
    for (int y = 0; y < out.height(); y++) {
      int row = (out.y() + y) * width + out.x();
      for (int x = 0; x < out.width(); x++) {
        float w = wy[y] * wx[x];
        weight[row + x] += w;
        int pi = y * out.width() + x;
        for (int c = 0; c < channels; c++) {
          sum[c * plane + row + x] += w * p[c * pplane + pi];
        }
      }
    }
  }

  /**
   * Ramp weights along one axis: 1 inside the core; in the overlap band around each core edge that
   * has padding (width 2 x pad there), rising linearly from near 0 to near 1.
   */
  static float[] ramp(int start, int length, int coreStart, int coreEnd) {
    float[] w = new float[length];
    int padLo = coreStart - start;
    int padHi = start + length - coreEnd;
    for (int i = 0; i < length; i++) {
      int pos = start + i;
      float v = 1f;
      if (padLo > 0) {
        // band [coreStart - padLo, coreStart + padLo): rises from the padded edge
        float t = (pos - (coreStart - padLo) + 0.5f) / (2f * padLo);
        v = Math.min(v, t);
      }
      if (padHi > 0) {
        float t = ((coreEnd + padHi) - pos - 0.5f) / (2f * padHi);
        v = Math.min(v, t);
      }
      w[i] = Math.max(v, 1e-6f);
    }
    return w;
  }

  /** The stitched image; pixels no patch covered are an error. */
  public synchronized ImageTensor result() {
    ImageTensor out = new ImageTensor(channels, height, width);
    float[] o = out.data();
    int plane = width * height;
    for (int i = 0; i < plane; i++) {
      if (weight[i] <= 0) {
        throw new IllegalStateException(
            "pixel (" + (i % width) + "," + (i / width) + ") was covered by no patch");
      }
      for (int c = 0; c < channels; c++) {
        o[c * plane + i] = sum[c * plane + i] / weight[i];
      }
    }
    return out;
  }
}
