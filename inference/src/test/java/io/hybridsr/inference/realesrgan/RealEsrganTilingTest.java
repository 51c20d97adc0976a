package io.hybridsr.inference.realesrgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Resampler;
import io.hybridsr.inference.store.RealEsrganModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Tiled output equals the whole-image output (to one 8-bit level) away from the image border. */
class RealEsrganTilingTest {

  @Test
  void shouldMatchTheUntiledOutputWithinOneLevelForX4fast() throws Exception {
    // 120x120, tiles of 40 with the model's seamless pad: the middle tile has context on all sides
    assertTiledMatchesWhole(RealEsrganModel.X4FAST, 3, 40, 9);
  }

  @Test
  @EnabledIfSystemProperty(named = "hybridsr.long", matches = "true")
  void shouldMatchTheUntiledOutputWithinOneLevelForX4plus() throws Exception {
    // x4plus needs 96 px of context (about a minute on 2 cores): 240x240 in tiles of 80
    assertTiledMatchesWhole(RealEsrganModel.X4PLUS, 6, 80, 9);
  }

  private static void assertTiledMatchesWhole(
      RealEsrganModel m, int enlarge, int tile, int expectedTiles) throws Exception {
    RealEsrganUpscaler whole = TestModels.open(m);
    RealEsrganUpscaler tiled = whole.withOptions(whole.options().withTile(tile));
    assertEquals(m.seamlessTilePad(), tiled.options().tilePad());
    ImageTensor small = TestModels.referenceInput();
    ImageTensor in =
        Resampler.bicubic(small, small.width() * enlarge, small.height() * enlarge)
            .clampInPlace(0f, 1f);
    ImageTensor a = whole.upscale(in);
    int[] tiles = {0};
    ImageTensor b = tiled.upscale(in, (done, total) -> tiles[0] = total);
    assertEquals(expectedTiles, tiles[0]);
    int border = 4 * 4; // 4 input pixels
    float worst = 0;
    for (int c = 0; c < 3; c++) {
      for (int y = border; y < a.height() - border; y++) {
        for (int x = border; x < a.width() - border; x++) {
          worst = Math.max(worst, Math.abs(a.get(c, y, x) - b.get(c, y, x)));
        }
      }
    }
    assertTrue(worst <= 1f / 255 + 1e-6f, m + ": worst difference " + worst * 255 + " levels");
  }
}
