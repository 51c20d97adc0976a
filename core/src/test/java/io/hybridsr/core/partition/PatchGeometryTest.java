package io.hybridsr.core.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hybridsr.core.image.ImageTensor;
import org.junit.jupiter.api.Test;

class PatchGeometryTest {

  @Test
  void shouldGrowTheCoreByTheMarginButNotPastTheImage() {
    PatchGeometry g = PatchGeometry.of(new Rect(0, 8, 8, 8), 3, 16, 16, 4);
    assertEquals(new Rect(0, 5, 11, 11), g.padded());
    assertEquals(new Rect(0, 20, 44, 44), g.outputPadded());
    assertEquals(new Rect(0, 32, 32, 32), g.outputCore());
  }

  @Test
  void shouldCutThePaddedRectangle() {
    ImageTensor img = FeatheredStitcherTest.gradient(3, 16, 16);
    PatchGeometry g = PatchGeometry.of(new Rect(8, 8, 8, 8), 2, 16, 16, 2);
    ImageTensor cut = g.cut(img);
    assertEquals(img.crop(6, 6, 10, 10), cut);
  }

  @Test
  void shouldRejectAPatchOutsideTheImage() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PatchGeometry.of(new Rect(8, 0, 16, 8), 2, 16, 16, 2));
  }
}
