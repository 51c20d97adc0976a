package io.hybridsr.inference.realesrgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.partition.Rect;
import java.util.List;
import org.junit.jupiter.api.Test;

class TilePlanTest {

  @Test
  void shouldCoverTheImageWithDisjointCoresAndClippedPaddedTiles() {
    int w = 70;
    int h = 45;
    List<TilePlan.Tile> tiles = TilePlan.plan(w, h, 32, 10);
    assertEquals(3 * 2, tiles.size());
    int[] covered = new int[w * h];
    Rect image = new Rect(0, 0, w, h);
    for (TilePlan.Tile t : tiles) {
      assertTrue(image.contains(t.padded()), t.toString());
      assertTrue(t.padded().contains(t.core()), t.toString());
      assertEquals(
          t.core(),
          new Rect(
              t.padded().x() + t.coreInPadded().x(),
              t.padded().y() + t.coreInPadded().y(),
              t.coreInPadded().width(),
              t.coreInPadded().height()));
      for (int y = t.core().y(); y < t.core().bottom(); y++) {
        for (int x = t.core().x(); x < t.core().right(); x++) {
          covered[y * w + x]++;
        }
      }
    }
    for (int c : covered) {
      assertEquals(1, c);
    }
    // RealESRGANer: a middle tile reads tile_pad pixels of context on both sides
    TilePlan.Tile middle = tiles.get(1);
    assertEquals(new Rect(32, 0, 32, 32), middle.core());
    assertEquals(new Rect(22, 0, 48, 42), middle.padded());
  }

  @Test
  void shouldUseOneTileWhenTileIsZeroOrLargerThanTheImage() {
    assertEquals(1, TilePlan.plan(300, 200, 0, 10).size());
    assertEquals(1, TilePlan.plan(30, 20, 64, 10).size());
  }
}
