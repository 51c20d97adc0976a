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
    ImageTensor in =
        ImageFiles.read(Path.of(getClass().getResource("/realesrgan/input-40x40.png").toURI()))
            .rgb();
    RealEsrganOptions o = RealEsrganOptions.defaults().withThreads(2);
    HybridUpscaler h =
        HybridUpscaler.withRealEsrgan(
            ModelStore.locate(null), o, new VariancePartitioner(4, 0.25), 6);

    HybridResult r = h.upscale(in);

    assertEquals("3x160x160", r.image().shape());
    assertEquals("realesrgan-x4plus", r.edgeRunner());
    assertEquals("realesrgan-x4fast", r.deviceRunner());
    assertEquals(4, r.partition().foregroundCount());
    for (int i = 0; i < 16; i++) {
      assertEquals(
          r.partition().isForeground(i) ? "realesrgan-x4plus" : "realesrgan-x4fast",
          r.patchRunners().get(i));
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
  void shouldRouteByTheLatentPartitionMappedToPixels() {
    // an SDXL-like latent 4x5x5 for a 40x40 image; only latent cell (4,4) (bottom-right) varies
    ImageTensor latent = new ImageTensor(4, 5, 5);
    for (int c = 0; c < 4; c++) {
      latent.set(c, 4, 4, c % 2 == 0 ? 3f : -3f);
      latent.set(c, 4, 3, c % 2 == 0 ? -3f : 3f);
    }
    var partition =
        new VariancePartitioner(4, 1.0 / 16)
            .partition(latent)
            .scaled(VariancePartitioner.LATENT_TO_PIXEL);
    ImageTensor rgb = new ImageTensor(3, 40, 40);
    java.util.Arrays.fill(rgb.data(), 0.5f);
    HybridResult r =
        new HybridUpscaler(
                fake(4), named(fake(4), "other-x4"), new VariancePartitioner(4, 1.0 / 16), 4)
            .upscale(rgb, partition, (d, t) -> {});
    assertEquals(1, r.partition().foregroundCount());
    assertTrue(r.partition().isForeground(15), "the bottom-right patch varies");
    assertEquals(
        new io.hybridsr.core.partition.Rect(24, 24, 16, 16), r.partition().patches().get(15));
    assertEquals("bicubic-x4", r.patchRunners().get(15));
    assertEquals("other-x4", r.patchRunners().get(0));
    for (float v : r.image().data()) {
      assertEquals(0.5f, v, 1e-5f); // a flat image stays flat through the stitcher
    }
  }

  private static SuperResolver named(SuperResolver sr, String name) {
    return new SuperResolver() {
      @Override
      public ImageTensor upscale(ImageTensor rgb) {
        return sr.upscale(rgb);
      }

      @Override
      public int scale() {
        return sr.scale();
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  @Test
  void shouldRefuseModelsOfDifferentScales() {
    SuperResolver x4 = fake(4);
    SuperResolver x2 = fake(2);
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new HybridUpscaler(x4, x2, new VariancePartitioner(), 8));
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
