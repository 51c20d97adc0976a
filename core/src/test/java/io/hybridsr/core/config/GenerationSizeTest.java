package io.hybridsr.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class GenerationSizeTest {
  @Test
  void shouldRoundEachSideToTheNearestMultipleOf64() {
    assertEquals(new GenerationSize(1280, 704), GenerationSize.of(1280, 720, 1));
    assertEquals(new GenerationSize(960, 512), GenerationSize.of(1920, 1080, 2));
    assertEquals(new GenerationSize(512, 256), GenerationSize.of(1920, 1080, 4));
    assertEquals(new GenerationSize(1024, 1024), GenerationSize.of(2048, 2048, 2));
    assertEquals(new GenerationSize(640, 384), GenerationSize.of(1920, 1080, 3));
  }

  @Test
  void shouldKeepTheLatentDivisibleIntoTheGrid() {
    for (StandardResolution r : StandardResolution.values()) {
      for (int s : CandidateSets.DEFAULT.scales()) {
        GenerationSize g = GenerationSize.of(r.width(), r.height(), s);
        assertEquals(0, (g.width() / 8) % 4, g + " latent width splits into 4");
        assertEquals(0, (g.height() / 8) % 4, g + " latent height splits into 4");
      }
    }
  }

  @Test
  void shouldNotGoBelowTheMinimumSide() {
    assertEquals(new GenerationSize(320, 192), GenerationSize.of(1280, 720, 4));
    assertEquals(GenerationSize.MIN_SIDE, GenerationSize.of(256, 256, 4).width());
  }

  @Test
  void shouldIndexCandidatesBothWays() {
    CandidateSets c = CandidateSets.DEFAULT;
    assertEquals(36, c.size());
    for (int i = 0; i < c.size(); i++) {
      assertEquals(i, c.indexOf(c.get(i)));
    }
    assertEquals(-1, c.indexOf(new Configuration(5, 10)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CandidateSets(java.util.List.of(2, 1), c.steps()));
    assertThrows(IllegalArgumentException.class, () -> new Configuration(0, 10));
  }
}
