package io.hybridsr.core.partition;

/**
 * An axis-aligned rectangle [x, x+width) x [y, y+height) in pixel (or latent) coordinates.
 *
 * <p>A record so that tiling and partition plans can be compared and printed as plain values.
 */
public record Rect(int x, int y, int width, int height) {
  public Rect {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException(
          "rectangle size must be >= 0, got " + width + "x" + height);
    }
  }

  public int right() {
    return x + width;
  }

  public int bottom() {
    return y + height;
  }

  public long area() {
    return (long) width * height;
  }

  /**
   * This rectangle with every coordinate multiplied by {@code factor} (latent to pixels, x4 SR).
   */
  public Rect scale(int factor) {
    return new Rect(x * factor, y * factor, width * factor, height * factor);
  }

  /** Grown by {@code margin} on each side, then clipped to [0,w) x [0,h). */
  public Rect expandWithin(int margin, int w, int h) {
    int x0 = Math.max(0, x - margin);
    int y0 = Math.max(0, y - margin);
    int x1 = Math.min(w, right() + margin);
    int y1 = Math.min(h, bottom() + margin);
    return new Rect(x0, y0, x1 - x0, y1 - y0);
  }

  /** This rectangle's position relative to {@code outer}'s top-left corner. */
  public Rect relativeTo(Rect outer) {
    return new Rect(x - outer.x, y - outer.y, width, height);
  }

  public boolean contains(Rect r) {
    return r.x >= x && r.y >= y && r.right() <= right() && r.bottom() <= bottom();
  }

  @Override
  public String toString() {
    return width + "x" + height + "+" + x + "+" + y;
  }
}
