package io.hybridsr.core.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageTensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VariancePartitionerTest {

  @Test
  void shouldMarkTheHighestVariancePatchesAsForeground() {
    // 4 channels like an SDXL latent, 16x16, noise only in patches 5 and 10 and 15 (low) and 0
    // (high)
    ImageTensor latent = new ImageTensor(4, 16, 16);
    Random rnd = new Random(1);
    fillNoise(latent, new Rect(4, 4, 4, 4), 1.0f, rnd); // patch 5
    fillNoise(latent, new Rect(8, 8, 4, 4), 2.0f, rnd); // patch 10
    fillNoise(latent, new Rect(0, 0, 4, 4), 3.0f, rnd); // patch 0
    fillNoise(latent, new Rect(12, 12, 4, 4), 0.1f, rnd); // patch 15
    fillNoise(latent, new Rect(12, 0, 4, 4), 0.05f, rnd); // patch 3

    Partition p = new VariancePartitioner(4, 0.25).partition(latent);

    assertEquals(4, p.foregroundCount());
    boolean[] expected = new boolean[16];
    expected[0] = expected[5] = expected[10] = expected[15] = true;
    assertArrayEquals(expected, p.foreground());
  }

  @Test
  void shouldBreakTiesByPatchIndexSoTheResultIsDeterministic() {
    ImageTensor flat = new ImageTensor(3, 8, 8);
    Partition p = new VariancePartitioner(4, 0.2).partition(flat);
    // ceil(0.2 * 16) = 4 patches, all variances 0: the first four in row-major order
    boolean[] fg = p.foreground();
    for (int i = 0; i < 16; i++) {
      assertEquals(i < 4, fg[i], "patch " + i);
    }
  }

  @Test
  void shouldTakeTheCeilingOfGammaTimesPatchCount() {
    assertEquals(4, new VariancePartitioner(4, 0.25).foregroundCount());
    assertEquals(5, new VariancePartitioner(4, 0.26).foregroundCount());
    assertEquals(0, new VariancePartitioner(4, 0.0).foregroundCount());
    assertEquals(16, new VariancePartitioner(4, 1.0).foregroundCount());
    assertEquals(1, new VariancePartitioner(3, 0.1).foregroundCount());
  }

  @Test
  void shouldMapLatentPatchesToPixelPatchesTimesEight() {
    Partition p = new VariancePartitioner().partition(new ImageTensor(4, 128, 96)).scaled(8);
    assertEquals(new Rect(0, 0, 192, 256), p.patches().get(0));
    assertEquals(new Rect(576, 768, 192, 256), p.patches().get(15));
  }

  @Test
  void shouldCoverTheTensorExactlyWhenTheSizeIsNotAMultipleOfTheGrid() {
    var cells = VariancePartitioner.gridCells(10, 7, 3);
    long area = cells.stream().mapToLong(Rect::area).sum();
    assertEquals(70, area);
    assertEquals(10, cells.get(2).right());
    assertEquals(7, cells.get(8).bottom());
  }

  @Test
  void shouldRefuseBadGammaAndGridNamingTheParameter() {
    var e = assertThrows(IllegalArgumentException.class, () -> new VariancePartitioner(4, 1.5));
    assertTrue(e.getMessage().contains("gamma"));
    var g = assertThrows(IllegalArgumentException.class, () -> new VariancePartitioner(0, 0.25));
    assertTrue(g.getMessage().contains("grid"));
  }

  private static void fillNoise(ImageTensor t, Rect r, float amp, Random rnd) {
    for (int c = 0; c < t.channels(); c++) {
      for (int y = r.y(); y < r.bottom(); y++) {
        for (int x = r.x(); x < r.right(); x++) {
          t.set(c, y, x, (float) (amp * rnd.nextGaussian()));
        }
      }
    }
  }
}
