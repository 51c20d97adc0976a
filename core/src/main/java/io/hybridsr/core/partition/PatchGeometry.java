package io.hybridsr.core.partition;

import io.hybridsr.core.image.ImageTensor;

/**
 * Where a patch is read from and where its upscaled result lands, with an overlap margin.
 *
 * <p>Each patch is cut with {@code margin} extra input pixels on every side that is not the image
 * border, so the SR network sees context past the patch edge and neighbouring outputs overlap by 2
 * x margin x scale pixels, the band the {@link FeatheredStitcher} blends across. The edge cuts
 * patches with it (hybrid SR in one process, and patch records for the device), and the device
 * places them with it, so both sides agree on every rectangle.
 *
 * @param core the patch itself, in input pixels
 * @param padded the core grown by the margin and clipped to the image, in input pixels
 * @param scale the SR factor
 */
public record PatchGeometry(Rect core, Rect padded, int scale) {
  /** The geometry of {@code core}, a patch of an {@code imageWidth x imageHeight} input. */
  public static PatchGeometry of(
      Rect core, int margin, int imageWidth, int imageHeight, int scale) {
    if (margin < 0 || scale < 1) {
      throw new IllegalArgumentException(
          "margin must be >= 0 and scale >= 1, got " + margin + ", " + scale);
    }
    if (core.right() > imageWidth || core.bottom() > imageHeight) {
      throw new IllegalArgumentException(
          "patch " + core + " lies outside the " + imageWidth + "x" + imageHeight + " image");
    }
    return new PatchGeometry(core, core.expandWithin(margin, imageWidth, imageHeight), scale);
  }

  /** The padded rectangle's pixels: what is upscaled (or sent) for this patch. */
  public ImageTensor cut(ImageTensor image) {
    return image.crop(padded.x(), padded.y(), padded.width(), padded.height());
  }

  /** The padded rectangle in output pixels: where the upscaled patch is placed. */
  public Rect outputPadded() {
    return padded.scale(scale);
  }

  /** The core in output pixels. */
  public Rect outputCore() {
    return core.scale(scale);
  }
}
