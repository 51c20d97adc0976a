package io.hybridsr.core.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * A planar float tensor of shape [channels, height, width] (CHW, one image, no batch axis).
 *
 * <p>It carries both images (RGB in [0,1], the layout ONNX image models take as NCHW with N=1) and
 * SDXL latents (4 channels at 1/8 of the pixel size), so that partitioning, cropping and stitching
 * are written once for both. The backing array is exposed on purpose: model runners hand it to
 * native sessions without a copy.
 */
public final class ImageTensor {
  private final int channels;
  private final int height;
  private final int width;
  private final float[] data;

  public ImageTensor(int channels, int height, int width) {
    this(channels, height, width, new float[checkedSize(channels, height, width)]);
  }

  /** Wraps {@code data} (no copy); its length must be channels*height*width. */
  public ImageTensor(int channels, int height, int width, float[] data) {
    long n = checkedSize(channels, height, width);
    Objects.requireNonNull(data, "data");
    if (data.length != n) {
      throw new IllegalArgumentException(
          "data has "
              + data.length
              + " values, shape "
              + channels
              + "x"
              + height
              + "x"
              + width
              + " needs "
              + n);
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.data = data;
  }

  private static int checkedSize(int c, int h, int w) {
    if (c <= 0 || h <= 0 || w <= 0) {
      throw new IllegalArgumentException("shape must be positive, got " + c + "x" + h + "x" + w);
    }
    long n = (long) c * h * w;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("tensor too large: " + c + "x" + h + "x" + w);
    }
    return (int) n;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** The backing CHW array, not a copy. */
  public float[] data() {
    return data;
  }

  public long[] nchwShape() {
    return new long[] {1, channels, height, width};
  }

  public int index(int c, int y, int x) {
    return (c * height + y) * width + x;
  }

  public float get(int c, int y, int x) {
    return data[index(c, y, x)];
  }

  public void set(int c, int y, int x, float v) {
    data[index(c, y, x)] = v;
  }

  /** A copy of the rectangle [x, x+w) x [y, y+h); it must lie inside the tensor. */
  public ImageTensor crop(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
      throw new IllegalArgumentException(
          "crop " + w + "x" + h + "+" + x + "+" + y + " outside " + width + "x" + height);
    }
    ImageTensor out = new ImageTensor(channels, h, w);
    for (int c = 0; c < channels; c++) {
      for (int row = 0; row < h; row++) {
        System.arraycopy(data, index(c, y + row, x), out.data, out.index(c, row, 0), w);
      }
    }
    return out;
  }

  /** Copies {@code src} into this tensor with its top-left corner at (x, y). */
  public void paste(ImageTensor src, int x, int y) {
    if (src.channels != channels
        || x < 0
        || y < 0
        || x + src.width > width
        || y + src.height > height) {
      throw new IllegalArgumentException(
          "paste " + src.shape() + " at +" + x + "+" + y + " outside " + shape());
    }
    for (int c = 0; c < channels; c++) {
      for (int row = 0; row < src.height; row++) {
        System.arraycopy(src.data, src.index(c, row, 0), data, index(c, y + row, x), src.width);
      }
    }
  }

  /** Values clamped into [lo, hi], in place; returns this. */
  public ImageTensor clampInPlace(float lo, float hi) {
    for (int i = 0; i < data.length; i++) {
      float v = data[i];
      data[i] = v < lo ? lo : (v > hi ? hi : v);
    }
    return this;
  }

  public ImageTensor copy() {
    return new ImageTensor(channels, height, width, data.clone());
  }

  public String shape() {
    return channels + "x" + height + "x" + width;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageTensor t
        && t.channels == channels
        && t.height == height
        && t.width == width
        && Arrays.equals(t.data, data);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(channels, height, width) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "ImageTensor[" + shape() + "]";
  }
}
