package io.hybridsr.inference.hybrid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.ImageMetrics;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.partition.SeamScore;
import io.hybridsr.core.partition.VariancePartitioner;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.inference.realesrgan.RealEsrganModels;
import io.hybridsr.inference.realesrgan.RealEsrganOptions;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HybridUpscalerTest {

  @Test
  void shouldSendForegroundToTheEdgeModelAndStitchWithoutSeams() throws Exception {
    ImageTensor in = ImageFiles.read(Path.of(getClass().getResource("/realesrgan/input-40x40.png").toURI())).rgb();
    RealEsrganOptions o = RealEsrganOptions.defaults().withThreads(2);
    HybridUpscaler h = HybridUpscaler.withRealEsrgan(ModelStore.locate(null), o, new VariancePartitioner(4, 0.25), 6);

    HybridResult r = h.upscale(in);

    assertEquals("3x160x160", r.image().shape());
    assertEquals("realesrgan-x4plus", r.edgeRunner());
    assertEquals("realesrgan-x4fast", r.deviceRunner());
    assertEquals(4, r.partition().foregroundCount());
    for (int i = 0; i < 16; i++) {
      assertEquals(r.partition().isForeground(i) ? "realesrgan-x4plus" : "realesrgan-x4fast", r.patchRunners().get(i));
    }
    double seam = SeamScore.of(r.image(), 4);
    assertTrue(seam < 1.25, "seam score " + seam);
    // background patches are x4fast's output: close to x4fast on the whole image
    SuperResolver fast = RealEsrganModels.open(ModelStore.locate(null), RealEsrganModel.X4FAST, o);
    double psnr = ImageMetrics.psnr(r.image(), fast.upscale(in));
    assertTrue(psnr > 25, "PSNR vs whole-image x4fast " + psnr);
    assertTrue(r.summary().contains("edge slot: realesrgan-x4plus, 4 patches"), r.summary());
  }

  @Test
  void shouldRefuseModelsOfDifferentScales() {
    SuperResolver x4 = fake(4);
    SuperResolver x2 = fake(2);
    var e = assertThrows(IllegalArgumentException.class, () -> new HybridUpscaler(x4, x2, new VariancePartitioner(), 8));
    assertTrue(e.getMessage().contains("same scale"));
  }

  private static SuperResolver fake(int s) {
    return new SuperResolver() {
      @Override
      public ImageTensor upscale(ImageTensor rgb) {
        return io.hybridsr.core.image.Resampler.bicubic(rgb, rgb.width() * s, rgb.height() * s);
      }

      @Override
      public int scale() {
        return s;
      }

      @Override
      public String name() {
        return "bicubic-x" + s;
      }
    };
  }
}
