package io.hybridsr.device;

import io.hybridsr.core.image.ImageFileException;
import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.partition.PartitionOverlay;
import io.hybridsr.core.partition.Rect;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.kafka.records.PatchRole;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a stitched task's image (and, when asked, its partition overlay): the last of the device's
 * work on a task. It keeps the device from its next task as stitching does, so the device counts it
 * in its stitch time and the calibration measures it the same way.
 */
public final class FinishedImage {
  private FinishedImage() {}

  /**
   * Writes {@code image} to {@code file} as PNG and, if {@code overlay}, the image with each
   * patch's core drawn where it landed to {@code overlayFile}; returns the seconds it took.
   */
  public static double write(
      ImageTensor image, List<PatchRecord> patches, Path file, boolean overlay, Path overlayFile)
      throws ImageFileException {
    long start = System.nanoTime();
    ImageFiles.writePng(image, file);
    if (overlay) {
      ImageFiles.writePng(overlayOf(image, patches), overlayFile);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The final image with each patch's core drawn where it landed (scaled to the target size). */
  static BufferedImage overlayOf(ImageTensor image, List<PatchRecord> patches) {
    PatchRecord first = patches.get(0);
    double fx = (double) image.width() / first.generationWidth();
    double fy = (double) image.height() / first.generationHeight();
    List<Rect> rects = new ArrayList<>();
    boolean[] fg = new boolean[patches.size()];
    for (int i = 0; i < patches.size(); i++) {
      PatchRecord p = patches.get(i);
      int x0 = (int) Math.round(p.x() * fx);
      int y0 = (int) Math.round(p.y() * fy);
      int x1 = (int) Math.round((p.x() + p.width()) * fx);
      int y1 = (int) Math.round((p.y() + p.height()) * fy);
      rects.add(new Rect(x0, y0, x1 - x0, y1 - y0));
      fg[i] = p.role() == PatchRole.FOREGROUND;
    }
    return PartitionOverlay.draw(image, rects, fg, null);
  }

  /**
   * Runs the device's work once on small made-up data before its first task: an SR pass and a few
   * image writes, so that the first task does not pay for the JVM compiling the PNG writer and the
   * stitching (in the demo, the first task's stitch took 6.1 s against 2.0 s once warm). Returns
   * the seconds it took.
   */
  public static double warmUp(SuperResolver sr, Path folder) throws ImageFileException {
    long start = System.nanoTime();
    java.util.Random r = new java.util.Random(1);
    float[] small = new float[3 * 32 * 32];
    for (int i = 0; i < small.length; i++) {
      small[i] = r.nextFloat();
    }
    sr.upscale(new ImageTensor(3, 32, 32, small));
    float[] big = new float[3 * 512 * 512];
    for (int i = 0; i < big.length; i++) {
      big[i] = r.nextFloat();
    }
    ImageTensor image = new ImageTensor(3, 512, 512, big);
    Path file = folder.resolve(".warm-up.png");
    try {
      for (int i = 0; i < 3; i++) {
        ImageFiles.writePng(image, file);
      }
    } finally {
      try {
        java.nio.file.Files.deleteIfExists(file);
      } catch (java.io.IOException e) {
        // a left-over warm-up file is harmless
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
