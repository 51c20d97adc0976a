package io.hybridsr.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ImageMetricsTest {

  @Test
  void shouldGiveInfinitePsnrAndUnitSsimForIdenticalImages() {
    ImageTensor a = noise(1, 0.5f);
    assertEquals(Double.POSITIVE_INFINITY, ImageMetrics.psnr(a, a.copy()));
    assertEquals(1.0, ImageMetrics.ssim(a, a.copy()), 1e-6);
  }

  @Test
  void shouldComputePsnrFromTheMeanSquaredError() {
    ImageTensor a = new ImageTensor(3, 8, 8);
    ImageTensor b = new ImageTensor(3, 8, 8);
    java.util.Arrays.fill(b.data(), 0.1f); // mse 0.01 -> 20 dB
    assertEquals(20.0, ImageMetrics.psnr(a, b), 1e-4);
  }

  @Test
  void shouldLowerSsimAsNoiseGrows() {
    ImageTensor a = noise(2, 0.3f);
    ImageTensor slightly = a.copy();
    ImageTensor heavily = a.copy();
    Random r = new Random(3);
    for (int i = 0; i < a.data().length; i++) {
      double n = r.nextGaussian();
      slightly.data()[i] += (float) (0.01 * n);
      heavily.data()[i] += (float) (0.2 * n);
    }
    double s1 = ImageMetrics.ssim(a, slightly);
    double s2 = ImageMetrics.ssim(a, heavily);
    assertTrue(s1 > 0.95 && s2 < s1, s1 + " " + s2);
  }

  private static ImageTensor noise(long seed, float amp) {
    ImageTensor t = new ImageTensor(3, 32, 32);
    Random r = new Random(seed);
    for (int i = 0; i < t.data().length; i++) {
      t.data()[i] = 0.5f + amp * (r.nextFloat() - 0.5f);
    }
    return t;
  }
}
