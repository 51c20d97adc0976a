package io.hybridsr.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResamplerTest {

  @Test
  void shouldKeepAConstantImageConstantUpAndDown() {
    ImageTensor t = new ImageTensor(3, 20, 30);
    Arrays.fill(t.data(), 0.3f);
    for (ImageTensor r :
        new ImageTensor[] {Resampler.bicubic(t, 120, 80), Resampler.bicubic(t, 7, 5)}) {
      for (float v : r.data()) {
        assertEquals(0.3f, v, 1e-6f);
      }
    }
  }

  @Test
  void shouldAverageWholeBlocksWhenDownscalingWithAntialias() {
    // a fine checkerboard aliases to itself without antialiasing; with it, it becomes grey
    ImageTensor t = new ImageTensor(1, 64, 64);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        t.set(0, y, x, (x + y) % 2);
      }
    }
    ImageTensor small = Resampler.scale(t, 0.25);
    assertEquals(16, small.width());
    for (int y = 2; y < 14; y++) {
      for (int x = 2; x < 14; x++) {
        assertEquals(0.5f, small.get(0, y, x), 0.02f);
      }
    }
  }

  @Test
  void shouldBeTheIdentityAtTheSameSize() {
    ImageTensor t = new ImageTensor(1, 9, 11);
    for (int i = 0; i < t.data().length; i++) {
      t.data()[i] = (i * 37 % 101) / 100f;
    }
    ImageTensor r = Resampler.bicubic(t, 11, 9);
    for (int i = 0; i < t.data().length; i++) {
      assertEquals(t.data()[i], r.data()[i], 1e-6f);
    }
  }
}
