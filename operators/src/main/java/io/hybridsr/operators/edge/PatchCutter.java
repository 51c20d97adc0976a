package io.hybridsr.operators.edge;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.PngBytes;
import io.hybridsr.core.partition.Partition;
import io.hybridsr.core.partition.PatchGeometry;
import io.hybridsr.core.partition.Rect;
import io.hybridsr.core.partition.VariancePartitioner;
import io.hybridsr.inference.Outscale;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.kafka.records.PatchRole;
import io.hybridsr.kafka.records.PayloadEncoding;
import io.hybridsr.operators.plan.PlannedTask;
import java.util.List;

/**
 * The edge's half of hybrid SR (paper III-A): partitions the latent by variance, upscales the
 * foreground patches with the edge SR model, and cuts everything into patch records for the device.
 *
 * <p>Patches carry an overlap margin so the device can feather them together. With S = 1 there is
 * nothing to upscale: every patch goes to the device as background and is only stitched.
 */
public final class PatchCutter {
  private final int marginPx;

  /**
   * @param marginPx overlap margin in generation pixels on each inner side of a patch
   */
  public PatchCutter(int marginPx) {
    if (marginPx < 0) {
      throw new IllegalArgumentException("margin must be >= 0, got " + marginPx);
    }
    this.marginPx = marginPx;
  }

  /**
   * Partitions the latent of a generated image.
   *
   * @param latent SDXL's final latent, 4 x H/8 x W/8 (before decoding)
   * @param image the decoded image, 3 x H x W
   */
  public static Partition partition(PlannedTask p, ImageTensor latent, ImageTensor image) {
    VariancePartitioner vp = new VariancePartitioner(p.gridSize, p.gamma);
    int factor = image.width() / latent.width();
    if (factor * latent.width() != image.width() || factor * latent.height() != image.height()) {
      throw new IllegalArgumentException(
          "latent "
              + latent.shape()
              + " does not tile image "
              + image.shape()
              + " by an integer factor");
    }
    Partition onLatent = vp.partition(latent);
    return factor == 1 ? onLatent : onLatent.scaled(factor);
  }

  /**
   * The patches of one task with the edge's time split in two: cutting and encoding the background
   * (part of generation's slot time) and the foreground's SR and encoding (T2).
   *
   * @param foregroundInputPixels the foreground crops' pixels, margins included (T2's units)
   */
  public record Cut(
      List<PatchRecord> patches,
      double backgroundSeconds,
      double foregroundSeconds,
      long foregroundInputPixels) {}

  /** Cuts every patch; foreground ones go through {@code edgeSr} (ignored when S = 1). */
  public List<PatchRecord> cut(
      PlannedTask p, ImageTensor image, Partition partition, SuperResolver edgeSr) {
    return cutTimed(p, image, partition, edgeSr).patches();
  }

  /** {@link #cut}, timing the background and the foreground apart. */
  public Cut cutTimed(PlannedTask p, ImageTensor image, Partition partition, SuperResolver edgeSr) {
    int n = partition.patches().size();
    byte[][] payloads = new byte[n][];
    boolean[] foreground = new boolean[n];
    long bgNanos = 0;
    long fgNanos = 0;
    long fgPixels = 0;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      Rect core = partition.patches().get(i);
      ImageTensor crop =
          PatchGeometry.of(core, marginPx, image.width(), image.height(), p.scale).cut(image);
      foreground[i] = p.scale > 1 && partition.isForeground(i);
      ImageTensor payload = foreground[i] ? Outscale.upscale(edgeSr, crop, p.scale) : crop;
      payloads[i] = PngBytes.encode(payload);
      long took = System.nanoTime() - t0;
      if (foreground[i]) {
        fgNanos += took;
        fgPixels += (long) crop.width() * crop.height();
      } else {
        bgNanos += took;
      }
    }
    // Stamped once every patch is ready: the device measures its wait from here, so the edge's
    // SR (T2) is not counted again in the device's wait.
    long readyAt = System.currentTimeMillis();
    PatchRecord[] out = new PatchRecord[n];
    for (int i = 0; i < n; i++) {
      Rect core = partition.patches().get(i);
      out[i] =
          new PatchRecord(
              p.task.taskId(),
              p.task.userId(),
              p.task.deviceId(),
              i,
              n,
              i / partition.grid(),
              i % partition.grid(),
              partition.grid(),
              core.x(),
              core.y(),
              core.width(),
              core.height(),
              marginPx,
              image.width(),
              image.height(),
              p.task.targetWidth(),
              p.task.targetHeight(),
              foreground[i] ? PatchRole.FOREGROUND : PatchRole.BACKGROUND,
              p.scale,
              p.steps,
              PayloadEncoding.PNG,
              p.arrivedAtMs,
              readyAt,
              0L,
              0L,
              predicted(p),
              payloads[i]);
    }
    return new Cut(List.of(out), bgNanos / 1e9, fgNanos / 1e9, fgPixels);
  }

  /** The scheduler's predicted T1..T6 and T, for the device to report beside its measurements. */
  static String predicted(PlannedTask p) {
    return p.t1
        + ","
        + p.t2
        + ","
        + p.t3
        + ","
        + p.t4
        + ","
        + p.t5
        + ","
        + p.t6
        + ","
        + p.total
        + ","
        + p.edgeWait
        + ","
        + p.deviceWait
        + ","
        + p.stitch;
  }
}
