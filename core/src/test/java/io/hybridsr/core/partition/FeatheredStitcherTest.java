package io.hybridsr.core.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Resampler;
import org.junit.jupiter.api.Test;

class FeatheredStitcherTest {

  @Test
  void shouldReassembleAnImageFromItsOverlappingPatchesExactly() {
    ImageTensor img = gradient(3, 40, 48);
    FeatheredStitcher s = stitchPatchesOf(img, 4, 3, 1);
    ImageTensor out = s.result();
    for (int i = 0; i < img.data().length; i++) {
      assertEquals(img.data()[i], out.data()[i], 1e-5f);
    }
  }

  @Test
  void shouldKeepBrightnessAtPatchAndImageBordersForAConstantImage() {
    ImageTensor img = new ImageTensor(1, 32, 32);
    java.util.Arrays.fill(img.data(), 0.7f);
    ImageTensor out = stitchPatchesOf(img, 4, 4, 1).result();
    for (float v : out.data()) {
      assertEquals(0.7f, v, 1e-6f);
    }
  }

  @Test
  void shouldBlendTwoDifferentPatchesWithARampNotAStep() {
    // left patch all 0, right patch all 1, 2 patches of 16 px wide with margin 4, scale 2
    int scale = 2;
    PatchGeometry left = PatchGeometry.of(new Rect(0, 0, 16, 8), 4, 32, 8, scale);
    PatchGeometry right = PatchGeometry.of(new Rect(16, 0, 16, 8), 4, 32, 8, scale);
    FeatheredStitcher s = new FeatheredStitcher(1, 64, 16);
    s.add(filled(left.outputPadded(), 0f), left);
    s.add(filled(right.outputPadded(), 1f), right);
    ImageTensor out = s.result();
    float maxJump = 0;
    for (int x = 0; x + 1 < 64; x++) {
      maxJump = Math.max(maxJump, Math.abs(out.get(0, 5, x + 1) - out.get(0, 5, x)));
    }
    // the overlap band is 2 * 4 * 2 = 16 output pixels wide: steps of 1/16
    assertTrue(maxJump <= 1f / 16 + 1e-5f, "max jump " + maxJump);
    assertEquals(0f, out.get(0, 5, 0), 1e-6f);
    assertEquals(1f, out.get(0, 5, 63), 1e-6f);
    assertEquals(0.5f, (out.get(0, 5, 31) + out.get(0, 5, 32)) / 2, 1e-5f);
  }

  @Test
  void shouldScoreNoSeamWhenPatchesAreUpscaledWithMargins() {
    ImageTensor img = gradient(3, 32, 32);
    FeatheredStitcher s = FeatheredStitcher.upscaling(3, 32, 32, 2);
    for (Rect core : VariancePartitioner.gridCells(32, 32, 4)) {
      PatchGeometry g = PatchGeometry.of(core, 3, 32, 32, 2);
      Rect p = g.padded();
      s.add(Resampler.bicubic(g.cut(img), p.width() * 2, p.height() * 2), g);
    }
    double score = SeamScore.of(s.result(), 4);
    assertTrue(score < 1.3, "seam score " + score);
  }

  private static FeatheredStitcher stitchPatchesOf(
      ImageTensor img, int grid, int margin, int scale) {
    FeatheredStitcher s = new FeatheredStitcher(img.channels(), img.width(), img.height());
    for (Rect core : VariancePartitioner.gridCells(img.width(), img.height(), grid)) {
      PatchGeometry g = PatchGeometry.of(core, margin, img.width(), img.height(), scale);
      s.add(g.cut(img), g);
    }
    return s;
  }

  private static ImageTensor filled(Rect r, float v) {
    ImageTensor t = new ImageTensor(1, r.height(), r.width());
    java.util.Arrays.fill(t.data(), v);
    return t;
  }

  static ImageTensor gradient(int c, int h, int w) {
    ImageTensor t = new ImageTensor(c, h, w);
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          t.set(ch, y, x, (float) (0.5 + 0.4 * Math.sin(0.2 * x + 0.3 * y + ch)));
        }
      }
    }
    return t;
  }
}
