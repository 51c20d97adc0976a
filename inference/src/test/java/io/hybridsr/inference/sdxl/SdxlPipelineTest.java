package io.hybridsr.inference.sdxl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.diffusion.SchedulerKind;
import io.hybridsr.inference.onnx.ExecutionProvider;
import io.hybridsr.inference.onnx.SessionCache;
import io.hybridsr.inference.standin.StandIns;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole SDXL pipeline end to end on the stand-ins (64x64 images, 8x8 latents, few steps). */
class SdxlPipelineTest {
  @TempDir static Path dir;
  static SessionCache cache;
  static SdxlPipeline pipeline;

  @BeforeAll
  static void setUp() throws Exception {
    StandIns.writeSdxl(dir);
    cache = new SessionCache(ExecutionProvider.CPU);
    pipeline = new SdxlPipeline(SdxlModels.load(dir, cache));
  }

  @AfterAll
  static void tearDown() {
    cache.close();
  }

  @Test
  void shouldGenerateLatentAndImageOfTheRequestedShape() throws Exception {
    GenerationResult r =
        pipeline.generate(GenerationRequest.of("a photo of a cat", 64, 48, 3).withSeed(1));
    assertEquals("4x6x8", r.latent().shape());
    assertEquals("3x48x64", r.image().shape());
    assertEquals(3, r.timings().stepMillis().length);
    for (float v : r.image().data()) {
      assertTrue(v >= 0 && v <= 1, "pixel outside [0,1]: " + v);
    }
    for (float v : r.latent().data()) {
      assertTrue(Float.isFinite(v));
    }
    assertTrue(pipeline.models().standIn());
  }

  @Test
  void shouldBeDeterministicForASeedAndDifferAcrossSeeds() throws Exception {
    GenerationRequest req = GenerationRequest.of("a red house", 64, 64, 2);
    ImageTensor a = pipeline.generateLatent(req.withSeed(5));
    ImageTensor b = pipeline.generateLatent(req.withSeed(5));
    ImageTensor c = pipeline.generateLatent(req.withSeed(6));
    assertArrayEquals(a.data(), b.data());
    assertFalse(java.util.Arrays.equals(a.data(), c.data()));
  }

  @Test
  void shouldDependOnThePrompt() throws Exception {
    GenerationRequest req = GenerationRequest.of("a red house", 64, 64, 2).withSeed(3);
    ImageTensor a = pipeline.generateLatent(req);
    ImageTensor b =
        pipeline.generateLatent(
            new GenerationRequest("a blue lake", "", 64, 64, 2, 3, 5.0, SchedulerKind.EULER));
    assertFalse(java.util.Arrays.equals(a.data(), b.data()));
  }

  @Test
  void shouldApplyClassifierFreeGuidanceLinearlyBetweenUnconditionalAndConditional()
      throws Exception {
    GenerationRequest req = GenerationRequest.of("a dog in the forest", 64, 64, 1);
    SdxlPipeline.Conditioning cond = pipeline.condition(req);
    float[] x = SdxlPipeline.initialNoise(9, 4 * 8 * 8, 1.0);
    float[] conditional = pipeline.guidedNoise(x, 500, cond, 1.0, 8, 8); // no guidance: one batch
    float[] g3 = pipeline.guidedNoise(x, 500, cond, 3.0, 8, 8);
    float[] g5 = pipeline.guidedNoise(x, 500, cond, 5.0, 8, 8);
    // eps(g) = u + g (c - u) is linear in g: eps(1) = 2 eps(3) - eps(5) - ... = eps(3) - (eps(5) -
    // eps(3))
    double maxDiff = 0;
    double spread = 0;
    for (int i = 0; i < x.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(conditional[i] - (2 * g3[i] - g5[i])));
      spread = Math.max(spread, Math.abs(g5[i] - g3[i]));
    }
    assertTrue(maxDiff < 1e-4, "guidance is not linear in g: " + maxDiff);
    assertTrue(
        spread > 1e-4, "guidance had no effect: conditional and unconditional predictions equal");
  }

  @Test
  void shouldRunWithDpmSolverToo() throws Exception {
    GenerationRequest req =
        GenerationRequest.of("a cat", 64, 64, 3).withSeed(2).withScheduler(SchedulerKind.DPMPP_2M);
    GenerationResult r = pipeline.generate(req);
    assertEquals("3x64x64", r.image().shape());
  }
}
