package io.hybridsr.inference.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * StableSR's respaced DDPM against values computed with the reference's own formulas
 * (IceClear/StableSR {@code ldm/models/respace.py} {@code space_timesteps} and {@code
 * DDPM.register_schedule} on the respaced betas, run in numpy float64).
 */
class RespacedDdpmTest {
  final NoiseSchedule sd = NoiseSchedule.stableDiffusion();

  @Test
  void shouldSpaceTimestepsAsTheReference() {
    assertArrayEquals(new int[] {0, 333, 666, 999}, RespacedDdpm.spaceTimesteps(1000, 4));
    int[] t200 = RespacedDdpm.spaceTimesteps(1000, 200);
    assertEquals(200, t200.length);
    assertArrayEquals(new int[] {0, 5, 10, 15, 20, 25}, java.util.Arrays.copyOf(t200, 6));
    assertArrayEquals(new int[] {984, 989, 994, 999}, java.util.Arrays.copyOfRange(t200, 196, 200));
    int[] t50 = RespacedDdpm.spaceTimesteps(1000, 50);
    assertArrayEquals(new int[] {0, 20, 41, 61, 82, 102}, java.util.Arrays.copyOf(t50, 6));
    assertArrayEquals(new int[] {938, 958, 979, 999}, java.util.Arrays.copyOfRange(t50, 46, 50));
    assertEquals(1000, RespacedDdpm.spaceTimesteps(1000, 1000).length);
    RespacedDdpm d = new RespacedDdpm(sd, 4);
    assertArrayEquals(
        new int[] {999, 666, 333, 0},
        new int[] {d.timestep(0), d.timestep(1), d.timestep(2), d.timestep(3)});
  }

  @Test
  void shouldHaveTheReferencesPosteriorCoefficients() {
    // {k, beta, posterior variance, coef1, coef2, log variance clipped} from numpy (float64)
    double[][] four = {
      {0, 0.0008500000000000174, 0.0, 1.0, 0.0, -46.051701859880914},
      {
        1,
        0.46458281746640884,
        0.0008491681561954148,
        0.9985966858892994,
        0.001337447392922442,
        -7.071253327430568
      },
      {
        2,
        0.8035739869684306,
        0.417570925436431,
        0.6567549899872774,
        0.23030527397963205,
        -0.8733008678345537
      },
      {
        3,
        0.9556520959817119,
        0.8592358501117107,
        0.31123569638183374,
        0.18934294236561508,
        -0.15171183110764774
      },
    };
    double[][] twoHundred = {
      {
        1,
        0.004313277897541656,
        0.0007105740681838512,
        0.8356141294162938,
        0.16438541111171812,
        -7.24943736788892
      },
      {
        100,
        0.023844110609377855,
        0.02362466156915394,
        0.01738199000246227,
        0.9789129131070288,
        -3.745464130820113
      },
      {
        199,
        0.05840936113942585,
        0.05839239720976091,
        0.004128359646475417,
        0.9700741119918882,
        -2.840569582387096
      },
    };
    check(new RespacedDdpm(sd, 4), four);
    check(new RespacedDdpm(sd, 200), twoHundred);
  }

  private static void check(RespacedDdpm d, double[][] rows) {
    for (double[] r : rows) {
      int k = (int) r[0];
      assertEquals(r[1], d.beta(k), 1e-12, "beta " + k);
      assertEquals(r[2], d.posteriorVariance(k), 1e-12, "variance " + k);
      assertEquals(r[3], d.posteriorMeanCoef1(k), 1e-12, "coef1 " + k);
      assertEquals(r[4], d.posteriorMeanCoef2(k), 1e-12, "coef2 " + k);
      assertEquals(r[5], d.posteriorLogVarianceClipped(k), 1e-9, "log variance " + k);
    }
  }

  @Test
  void shouldStartFromTheLrLatentNoisedTo999() {
    RespacedDdpm d = new RespacedDdpm(sd, 4);
    float[] x = d.qSample(new float[] {1f, 0f}, new float[] {0f, 1f}, 999);
    assertEquals(0.0682649142171675, x[0], 1e-6); // sqrt(abar_999)
    assertEquals(0.9976672298351403, x[1], 1e-6); // sqrt(1 - abar_999)
  }

  /**
   * With the exact noise (or v) of a point mass c, every step's x0 is c and the last step lands on
   * it.
   */
  @Test
  void shouldLandOnThePointMassWithAnExactPredictorForEpsilonAndV() {
    for (RespacedDdpm.Prediction p : RespacedDdpm.Prediction.values()) {
      RespacedDdpm d = new RespacedDdpm(sd, 20);
      Random r = new Random(3);
      float c = 0.7f;
      float[] noise = new float[16];
      for (int j = 0; j < noise.length; j++) {
        noise[j] = (float) r.nextGaussian();
      }
      float[] x = d.qSample(new float[16], noise, 999);
      for (int i = 0; i < d.steps(); i++) {
        int t = d.timestep(i);
        double ab = sd.alphaCumprod(t);
        float[] out = new float[x.length];
        for (int j = 0; j < x.length; j++) {
          double eps = (x[j] - Math.sqrt(ab) * c) / Math.sqrt(1 - ab);
          out[j] =
              (float)
                  (p == RespacedDdpm.Prediction.EPSILON
                      ? eps
                      : Math.sqrt(ab) * eps - Math.sqrt(1 - ab) * c);
        }
        x = d.step(i, out, x, r, p);
      }
      for (float v : x) {
        assertEquals(c, v, 1e-3, p.name());
      }
    }
  }
}
