package io.hybridsr.inference.stablesr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.onnx.ExecutionProvider;
import io.hybridsr.inference.onnx.SessionCache;
import io.hybridsr.inference.standin.StandIns;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StableSR end to end on the stand-ins: small patches, few steps. */
class StableSrUpscalerTest {
  @TempDir static Path dir;
  static SessionCache cache;
  static StableSrModels models;

  @BeforeAll
  static void setUp() throws Exception {
    StandIns.writeStableSr(dir);
    cache = new SessionCache(ExecutionProvider.CPU);
    models = StableSrModels.load(dir, cache);
  }

  @AfterAll
  static void tearDown() {
    cache.close();
  }

  static ImageTensor patch(int w, int h, long seed) {
    Random r = new Random(seed);
    ImageTensor t = new ImageTensor(3, h, w);
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          t.set(
              c,
              y,
              x,
              (float)
                  (0.3 + 0.2 * c + 0.2 * Math.sin(x * 0.4 + y * 0.3) + 0.05 * r.nextGaussian()));
        }
      }
    }
    return t.clampInPlace(0, 1);
  }

  @Test
  void shouldUpscaleByTheScaleWithPixelsInRange() {
    StableSrUpscaler sr = new StableSrUpscaler(models, StableSrOptions.defaults().withSteps(2));
    ImageTensor out = sr.upscale(patch(16, 12, 1));
    assertEquals("3x48x64", out.shape());
    assertEquals(4, sr.scale());
    assertEquals("stablesr (stand-in, without CFW)", sr.name());
    for (float v : out.data()) {
      assertTrue(v >= 0 && v <= 1);
    }
  }

  @Test
  void shouldHandleSizesThatAreNotMultiplesOfEightAfterScaling() {
    StableSrUpscaler sr =
        new StableSrUpscaler(models, StableSrOptions.defaults().withSteps(1).withScale(3));
    assertEquals("3x21x30", sr.upscale(patch(10, 7, 2)).shape());
  }

  @Test
  void shouldBeDeterministicForASeed() {
    StableSrOptions o = StableSrOptions.defaults().withSteps(2).withSeed(4);
    ImageTensor in = patch(16, 16, 3);
    ImageTensor a = new StableSrUpscaler(models, o).upscale(in);
    ImageTensor b = new StableSrUpscaler(models, o).upscale(in);
    ImageTensor c = new StableSrUpscaler(models, o.withSeed(5)).upscale(in);
    assertArrayEquals(a.data(), b.data());
    assertFalse(java.util.Arrays.equals(a.data(), c.data()));
  }

  @Test
  void shouldRunOverlappingTilesAndStayCloseToTheUntiledResult() {
    ImageTensor in = patch(32, 32, 6); // 128x128 out, 16x16 latent
    // Input size 0: only the 4x scale, so that the latent stays 16x16.
    StableSrOptions o =
        StableSrOptions.defaults().withSteps(2).withColorFix(ColorFix.NONE).withInputSize(0);
    AtomicInteger tiles = new AtomicInteger();
    ImageTensor tiled =
        new StableSrUpscaler(models, o.withTiles(8, 4)).upscale(in, (s, n, t) -> tiles.set(t));
    ImageTensor whole = new StableSrUpscaler(models, o).upscale(in);
    assertEquals(9, tiles.get()); // 3 x 3 tiles of 8 with stride 4 over 16
    double diff = 0;
    double spread = 0;
    double mean = 0;
    for (float v : whole.data()) {
      mean += v;
    }
    mean /= whole.data().length;
    for (int i = 0; i < whole.data().length; i++) {
      diff += Math.abs(tiled.data()[i] - whole.data()[i]);
      spread += Math.abs(whole.data()[i] - mean);
    }
    // Tiles see less context (group norm statistics, borders), so results differ, but far less
    // than the image varies.
    assertTrue(
        diff < 0.5 * spread, "tiled differs from untiled by " + diff + " against spread " + spread);
  }

  @Test
  void shouldTakeColourFromTheInput() {
    ImageTensor in = patch(16, 16, 7);
    StableSrOptions o = StableSrOptions.defaults().withSteps(1);
    ImageTensor fixed = new StableSrUpscaler(models, o).upscale(in);
    double inMean = 0;
    double outMean = 0;
    int plane = 16 * 16;
    for (int i = 0; i < plane; i++) {
      inMean += in.data()[2 * plane + i];
    }
    for (int i = 0; i < 64 * 64; i++) {
      outMean += fixed.data()[2 * 64 * 64 + i];
    }
    assertEquals(inMean / plane, outMean / (64 * 64), 0.03);
  }
}
