package io.hybridsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Resampler;
import io.hybridsr.core.partition.Partition;
import io.hybridsr.core.task.Task;
import io.hybridsr.device.TaskStitcher;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.kafka.records.PatchRole;
import io.hybridsr.operators.edge.PatchCutter;
import io.hybridsr.operators.plan.PlannedTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The edge cuts, the device stitches: with the same (bicubic) SR on both sides the stitched image
 * equals upscaling the whole image at once, so the patch protocol adds no seam and no shift.
 */
class HybridPatchRoundTripTest {

  static ImageTensor smoothImage(int w, int h, long seed) {
    Random r = new Random(seed);
    ImageTensor small = new ImageTensor(3, h / 16, w / 16);
    for (int i = 0; i < small.data().length; i++) {
      small.data()[i] = r.nextFloat();
    }
    return Resampler.bicubic(small, w, h).clampInPlace(0f, 1f);
  }

  static PlannedTask plan(int scale, int genW, int genH) {
    PlannedTask p = new PlannedTask();
    p.task = new Task("t1", "u1", "dev1", "edge", genW * scale, genH * scale, 0.5, "a cat");
    p.scale = scale;
    p.steps = 20;
    p.gamma = 0.25;
    p.gridSize = 4;
    p.generationWidth = genW;
    p.generationHeight = genH;
    return p;
  }

  @Test
  void shouldStitchToTheSameImageAsUpscalingItWhole() {
    int genW = 256;
    int genH = 192;
    ImageTensor image = smoothImage(genW, genH, 3);
    ImageTensor latent = Resampler.bicubic(image, genW / 8, genH / 8);
    PlannedTask p = plan(2, genW, genH);
    Partition part = PatchCutter.partition(p, latent, image);
    BicubicSuperResolver sr = new BicubicSuperResolver();

    List<PatchRecord> patches = new PatchCutter(8).cut(p, image, part, sr);
    assertEquals(16, patches.size());
    assertEquals(4, patches.stream().filter(r -> r.role() == PatchRole.FOREGROUND).count());
    List<PatchRecord> shuffled = new ArrayList<>(patches);
    Collections.shuffle(shuffled, new Random(1));

    ImageTensor stitched = new TaskStitcher(sr).stitch(shuffled).image();
    ImageTensor whole =
        Resampler.bicubic(new BicubicSuperResolver().upscale(image), genW * 2, genH * 2)
            .clampInPlace(0f, 1f);
    assertEquals(genW * 2, stitched.width());
    assertEquals(genH * 2, stitched.height());

    double maxDiff = 0;
    int border = 8;
    for (int c = 0; c < 3; c++) {
      for (int y = border; y < stitched.height() - border; y++) {
        for (int x = border; x < stitched.width() - border; x++) {
          maxDiff = Math.max(maxDiff, Math.abs(stitched.get(c, y, x) - whole.get(c, y, x)));
        }
      }
    }
    // PNG transport quantises to 8 bits: two roundings at most.
    assertTrue(maxDiff <= 2.5 / 255, "max difference " + maxDiff * 255 + " levels");
  }

  @Test
  void shouldStampThePatchesWhenTheForegroundSrIsDone() {
    // The device measures its wait from the patches' stamp: stamped before the edge's SR, the
    // wait would count T2 a second time.
    int genW = 128;
    int genH = 128;
    ImageTensor image = smoothImage(genW, genH, 3);
    PlannedTask p = plan(2, genW, genH);
    Partition part = PatchCutter.partition(p, Resampler.bicubic(image, 16, 16), image);
    long srMillis = 40;
    BicubicSuperResolver bicubic = new BicubicSuperResolver();
    io.hybridsr.inference.SuperResolver slow =
        new io.hybridsr.inference.SuperResolver() {
          @Override
          public ImageTensor upscale(ImageTensor rgb) {
            try {
              Thread.sleep(srMillis);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return bicubic.upscale(rgb);
          }

          @Override
          public int scale() {
            return 4;
          }

          @Override
          public String name() {
            return "bicubic-x4, 40 ms a call (test fake)";
          }
        };
    long before = System.currentTimeMillis();
    PatchCutter.Cut cut = new PatchCutter(4).cutTimed(p, image, part, slow);
    long foreground = cut.patches().stream().filter(r -> r.role() == PatchRole.FOREGROUND).count();
    assertTrue(foreground > 0);
    for (PatchRecord r : cut.patches()) {
      assertTrue(
          r.createdAtMs() - before >= foreground * srMillis,
          "patch "
              + r.patchIndex()
              + " stamped "
              + (r.createdAtMs() - before)
              + " ms after the"
              + " start, before the foreground's "
              + foreground
              + " SR calls were done");
    }
    assertTrue(cut.foregroundSeconds() >= foreground * srMillis / 1e3);
  }

  @Test
  void shouldSendEverythingAsBackgroundWhenThereIsNoSr() {
    ImageTensor image = smoothImage(128, 128, 5);
    PlannedTask p = plan(1, 128, 128);
    Partition part = PatchCutter.partition(p, Resampler.bicubic(image, 16, 16), image);
    List<PatchRecord> patches = new PatchCutter(4).cut(p, image, part, new BicubicSuperResolver());
    assertTrue(patches.stream().allMatch(r -> r.role() == PatchRole.BACKGROUND));
    ImageTensor stitched = new TaskStitcher(new BicubicSuperResolver()).stitch(patches).image();
    for (int i = 0; i < image.data().length; i++) {
      assertEquals(image.data()[i], stitched.data()[i], 0.51 / 255);
    }
  }

  @Test
  void shouldRunStableSrInTheEdgeSlotWhenAnExportIsGiven() {
    var spec =
        new io.hybridsr.operators.edge.EdgeModelSpec(
            null,
            null,
            1,
            io.hybridsr.inference.store.RealEsrganModel.X4FAST,
            io.hybridsr.inference.standin.StandIns.stableSr().toString());
    io.hybridsr.inference.SuperResolver edge = spec.openEdgeSr();
    assertTrue(edge.name().toLowerCase(java.util.Locale.ROOT).contains("stablesr"), edge.name());
    ImageTensor image = smoothImage(128, 128, 9);
    PlannedTask p = plan(2, 128, 128);
    Partition part = PatchCutter.partition(p, Resampler.bicubic(image, 16, 16), image);
    List<PatchRecord> patches = new PatchCutter(4).cut(p, image, part, edge);
    assertEquals(4, patches.stream().filter(r -> r.role() == PatchRole.FOREGROUND).count());
    ImageTensor out = new TaskStitcher(new BicubicSuperResolver()).stitch(patches).image();
    assertEquals(256, out.width());
    assertEquals(256, out.height());
  }
}
