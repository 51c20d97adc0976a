package io.hybridsr.core.partition;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Resampler;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeamScoreTest {

  @Test
  void shouldScoreAPlainUpscaleNearOneAndAPatchWithABrightnessStepHigh() {
    ImageTensor small = new ImageTensor(3, 32, 32);
    Random r = new Random(7);
    for (int i = 0; i < small.data().length; i++) {
      small.data()[i] = 0.3f + 0.4f * r.nextFloat();
    }
    ImageTensor up = Resampler.bicubic(small, 128, 128);
    double plain = SeamScore.of(up, 4, 4);
    assertTrue(plain > 0.8 && plain < 1.2, "plain upscale " + plain);

    ImageTensor stepped = up.copy();
    for (int c = 0; c < 3; c++) {
      for (int y = 32; y < 64; y++) {
        for (int x = 32; x < 64; x++) {
          stepped.set(c, y, x, stepped.get(c, y, x) + 0.15f);
        }
      }
    }
    double seam = SeamScore.of(stepped, 4, 4);
    assertTrue(seam > 1.3, "brightened patch " + seam);
  }
}
