package io.hybridsr.operators.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.config.GenerationSize;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The warm-up sizes are the ones the planner can choose for the targets, each once. */
class EdgeWarmUpTest {
  @Test
  void shouldNameEveryGenerationSizeOfTheTargetsOnce() {
    List<GenerationSize> sizes = EdgeWarmUp.parse("1280x720, 1080p").sizes();
    // 1280x720 at S = 1..4: 1280x704, 640x384, 448x256, 320x192; 1920x1080: 1920x1088,
    // 960x512 (540 rounds down), 640x384 again (S = 3), 512x256
    assertEquals(
        List.of(
            new GenerationSize(1280, 704),
            new GenerationSize(640, 384),
            new GenerationSize(448, 256),
            new GenerationSize(320, 192),
            new GenerationSize(1920, 1088),
            new GenerationSize(960, 512),
            new GenerationSize(512, 256)),
        sizes);
    for (GenerationSize s : sizes) {
      assertTrue(
          sizes.stream().filter(s::equals).count() == 1, s + " is warmed once, not per target");
    }
  }

  @Test
  void shouldWarmNothingExtraWhenBlankAndRefuseWhatIsNotAResolution() {
    assertEquals(List.of(), EdgeWarmUp.parse(" ").sizes());
    assertEquals(List.of(), EdgeWarmUp.NONE.sizes());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EdgeWarmUp.parse("1280x720,720i"));
    assertTrue(e.getMessage().contains("'720i'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EdgeWarmUp.parse("0x720"));
  }
}
