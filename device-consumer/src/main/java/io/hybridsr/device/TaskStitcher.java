package io.hybridsr.device;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.PngBytes;
import io.hybridsr.core.image.Resampler;
import io.hybridsr.core.partition.FeatheredStitcher;
import io.hybridsr.core.partition.PatchGeometry;
import io.hybridsr.core.partition.Rect;
import io.hybridsr.inference.Outscale;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.kafka.records.PatchRole;
import io.hybridsr.kafka.records.PayloadEncoding;
import java.util.List;

/**
 * The device's half of hybrid SR: upscales background patches with the device's model and feathers
 * every patch into the final image (paper III-A2).
 */
public final class TaskStitcher {
  private final SuperResolver deviceSr;

  public TaskStitcher(SuperResolver deviceSr) {
    this.deviceSr = deviceSr;
  }

  /** Timings of one stitch, for the outcome record (T3 is the device's SR time). */
  public record Stitched(
      ImageTensor image,
      double srSeconds,
      double stitchSeconds,
      int backgroundPatches,
      int foregroundPatches) {}

  /** Builds the task's final image from all of its patches, at its target size. */
  public Stitched stitch(List<PatchRecord> patches) {
    if (patches.isEmpty()) {
      throw new IllegalArgumentException("no patches to stitch");
    }
    PatchRecord first = patches.get(0);
    int scale = first.scale();
    FeatheredStitcher stitcher =
        FeatheredStitcher.upscaling(3, first.generationWidth(), first.generationHeight(), scale);
    double sr = 0;
    long t0 = System.nanoTime();
    int bg = 0;
    int fg = 0;
    for (PatchRecord p : patches) {
      if (p.encoding() != PayloadEncoding.PNG) {
        throw new IllegalArgumentException(
            "task "
                + p.taskId()
                + " patch "
                + p.patchIndex()
                + ": encoding "
                + p.encoding()
                + " is not supported by the device");
      }
      Rect core = new Rect(p.x(), p.y(), p.width(), p.height());
      PatchGeometry g =
          PatchGeometry.of(core, p.overlap(), p.generationWidth(), p.generationHeight(), scale);
      ImageTensor pixels = PngBytes.decode(p.payload());
      if (p.role() == PatchRole.BACKGROUND && scale > 1) {
        long s0 = System.nanoTime();
        pixels = Outscale.upscale(deviceSr, pixels, scale);
        sr += (System.nanoTime() - s0) / 1e9;
        bg++;
      } else {
        fg += p.role() == PatchRole.FOREGROUND ? 1 : 0;
        bg += p.role() == PatchRole.BACKGROUND ? 1 : 0;
      }
      stitcher.add(pixels, g);
    }
    ImageTensor image = stitcher.result();
    if (image.width() != first.targetWidth() || image.height() != first.targetHeight()) {
      // Generation sizes are rounded to multiples of 64: bring the result to R~ exactly.
      image =
          Resampler.bicubic(image, first.targetWidth(), first.targetHeight()).clampInPlace(0f, 1f);
    }
    double total = (System.nanoTime() - t0) / 1e9;
    return new Stitched(image, sr, total - sr, bg, fg);
  }
}
