package io.hybridsr.inference.realesrgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Picture;
import io.hybridsr.inference.store.RealEsrganModel;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PictureUpscalerTest {
  @TempDir Path tmp;

  @Test
  void shouldUpscaleAlphaSeparatelyAndKeepGreySixteenBitPicturesSo() throws Exception {
    RealEsrganUpscaler sr = TestModels.open(RealEsrganModel.X4FAST);
    ImageTensor rgb = TestModels.referenceInput();
    ImageTensor grey = rgb.copy();
    int plane = 40 * 40;
    for (int i = 0; i < plane; i++) {
      float g = (rgb.data()[i] + rgb.data()[plane + i] + rgb.data()[2 * plane + i]) / 3;
      grey.data()[i] = grey.data()[plane + i] = grey.data()[2 * plane + i] = g;
    }
    ImageTensor alpha = new ImageTensor(1, 40, 40);
    Arrays.fill(alpha.data(), 0.5f);
    Path in = tmp.resolve("grey16a.png");
    ImageFiles.writePng(new Picture(grey, alpha, true, 16), in);

    Picture out = PictureUpscaler.upscale(ImageFiles.read(in), sr, 4);
    assertEquals(160, out.width());
    assertTrue(out.grey());
    assertEquals(16, out.bitDepth());
    assertNotNull(out.alpha());
    assertEquals(0.5f, out.alpha().get(0, 80, 80), 1e-4f);

    Path written = tmp.resolve("out.png");
    ImageFiles.writePng(out, written);
    Picture back = ImageFiles.read(written);
    assertTrue(back.grey());
    assertEquals(16, back.bitDepth());
  }

  @Test
  void shouldMakeOutscaleTwoAndThreeByResamplingTheX4Output() throws Exception {
    RealEsrganUpscaler sr = TestModels.open(RealEsrganModel.X4FAST);
    Picture p = Picture.of(TestModels.referenceInput());
    assertEquals(80, PictureUpscaler.upscale(p, sr, 2).width());
    assertEquals(120, PictureUpscaler.upscale(p, sr, 3).height());
    var e = assertThrows(IllegalArgumentException.class, () -> PictureUpscaler.upscale(p, sr, 5));
    assertTrue(e.getMessage().contains("outscale"));
  }
}
