package io.hybridsr.inference.stablesr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageTensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatentTilingTest {

  @Test
  void shouldCoverTheLatentWithEqualTilesAlignedToTheBorder() {
    List<LatentTiling.Tile> g = LatentTiling.grid(20, 8, 8, 2);
    // columns at 0, 6, 12 (last aligned: 20 - 8 = 12); one row
    assertEquals(
        List.of(
            new LatentTiling.Tile(0, 0, 8, 8),
            new LatentTiling.Tile(6, 0, 8, 8),
            new LatentTiling.Tile(12, 0, 8, 8)),
        g);
    assertEquals(List.of(new LatentTiling.Tile(0, 0, 5, 4)), LatentTiling.grid(5, 4, 64, 16));
    assertThrows(IllegalArgumentException.class, () -> LatentTiling.grid(8, 8, 8, 8));
  }

  @Test
  void shouldReproduceAFieldExactlyWhenEveryTileAgreesWithIt() {
    Random r = new Random(1);
    ImageTensor field = new ImageTensor(4, 19, 23);
    for (int i = 0; i < field.data().length; i++) {
      field.data()[i] = (float) r.nextGaussian();
    }
    LatentTiling.Accumulator acc = new LatentTiling.Accumulator(4, 23, 19);
    for (LatentTiling.Tile t : LatentTiling.grid(23, 19, 8, 3)) {
      acc.add(t, field.crop(t.x(), t.y(), t.width(), t.height()).data());
    }
    assertArrayEquals(field.data(), acc.result(), 1e-5f);
  }

  @Test
  void shouldWeightTileCentresAboveTileEdges() {
    float[] w = LatentTiling.gaussianWeights(8, 8);
    assertTrue(w[3 * 8 + 3] > 10 * w[0]);
  }

  @Test
  void shouldMatchChannelStatisticsWithAdainAndLeaveAnImageAloneAgainstItself() {
    Random r = new Random(2);
    ImageTensor a = new ImageTensor(3, 16, 16);
    ImageTensor b = new ImageTensor(3, 16, 16);
    for (int i = 0; i < a.data().length; i++) {
      a.data()[i] = (float) r.nextGaussian();
      b.data()[i] = (float) (0.5 + 0.1 * r.nextGaussian());
    }
    ImageTensor f = ColorFix.ADAIN.apply(a, b);
    double mean = 0;
    for (int i = 0; i < 256; i++) {
      mean += f.data()[i];
    }
    double refMean = 0;
    for (int i = 0; i < 256; i++) {
      refMean += b.data()[i];
    }
    assertEquals(refMean / 256, mean / 256, 1e-4);
    assertArrayEquals(b.data(), ColorFix.WAVELET.apply(b, b).data(), 1e-5f);
    assertArrayEquals(b.data(), ColorFix.ADAIN.apply(b, b).data(), 1e-3f);
  }
}
