package io.hybridsr.inference.stablesr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridsr.core.image.ImageTensor;
import org.junit.jupiter.api.Test;

/**
 * PyTorch-style bicubic (a = -0.75, half-pixel centres, clamped taps) and reflect padding to 32.
 */
class TorchResizeTest {
  @Test
  void shouldKeepConstantsAndUseTorchsKernelAndBorder() {
    ImageTensor ramp = new ImageTensor(1, 1, 8);
    for (int x = 0; x < 8; x++) {
      ramp.set(0, 0, x, x);
    }
    ImageTensor same = TorchResize.bicubic(ramp, 8, 1);
    for (int x = 0; x < 8; x++) {
      assertEquals(x, same.get(0, 0, x), 1e-6, "identity at x " + x);
    }
    ImageTensor up = TorchResize.bicubic(ramp, 16, 1);
    // output x maps to source (x + 0.5) / 2 - 0.5; with a = -0.75 the kernel overshoots a ramp
    // (a = -0.5 would reproduce it): x = 4 -> 1.75, t = 0.75 over taps 0..3
    assertEquals(1.703125, up.get(0, 0, 4), 1e-6);
    // at the border the taps are clamped: output 0 -> source -0.25, t = 0.75 over (0, 0, 0, 1)
    double t = 0.75;
    double a = -0.75;
    double w2 = ((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1;
    double w3 = ((a * (2 - t) - 5 * a) * (2 - t) + 8 * a) * (2 - t) - 4 * a;
    assertEquals(w2 * 0 + w3 * 1, up.get(0, 0, 0), 1e-6);
    ImageTensor flat = new ImageTensor(3, 5, 7);
    java.util.Arrays.fill(flat.data(), 0.3f);
    for (float v : TorchResize.bicubic(flat, 13, 11).data()) {
      assertEquals(0.3f, v, 1e-6f);
    }
  }

  @Test
  void shouldReflectPadToTheNextMultipleOf32AsTheReference() {
    ImageTensor img = new ImageTensor(1, 40, 64);
    for (int x = 0; x < 64; x++) {
      img.set(0, 39, x, x);
      img.set(0, 38, x, 100 + x);
    }
    ImageTensor p = TorchResize.reflectPadTo(img, 32);
    assertEquals(64, p.height()); // (40 / 32 + 1) * 32
    assertEquals(
        96, p.width()); // 64 is a multiple, but the reference pads both axes by the same rule
    assertEquals(
        100 + 5, p.get(0, 40, 5), 0); // row 40 reflects row 38 (the edge row is not repeated)
    assertEquals(62, p.get(0, 39, 64), 0); // column 64 reflects column 62
    ImageTensor square = new ImageTensor(1, 64, 32);
    assertEquals(square, TorchResize.reflectPadTo(square, 32));
  }
}
