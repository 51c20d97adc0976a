package io.hybridsr.inference.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchedulerTest {
  private final NoiseSchedule sd = NoiseSchedule.stableDiffusion();

  @Test
  void shouldMatchThePublishedSigmaRangeOfStableDiffusion() {
    // k-diffusion / diffusers: SD's sigma_max = 14.6146, sigma_min = 0.0292 (t = 999 and t = 0).
    assertEquals(14.6146, sd.sigma(999), 1e-4);
    assertEquals(0.0292, sd.sigma(0), 1e-4);
    // alpha_bar at t = 0 is 1 - beta_start.
    assertEquals(1 - 0.00085, sd.alphaCumprod(0), 1e-12);
  }

  @Test
  void shouldSpaceFiftyLeadingStepsAsDiffusersDoes() {
    // diffusers, steps_offset=1, "leading", 50 steps: 981, 961, ..., 21, 1.
    int[] t = TimestepSpacing.LEADING.timesteps(1000, 50, 1);
    assertEquals(50, t.length);
    assertEquals(981, t[0]);
    assertEquals(961, t[1]);
    assertEquals(1, t[49]);
  }

  @Test
  void shouldGiveEulerTheSdxlInitialNoiseScale() {
    EulerDiscreteScheduler e = new EulerDiscreteScheduler(sd, 30, TimestepSpacing.LEADING, 1);
    // 30 leading steps: ratio 33, first timestep 29*33+1 = 958.
    assertEquals(958, e.timestep(0));
    assertEquals(Math.sqrt(sd.sigma(958) * sd.sigma(958) + 1), e.initNoiseSigma(), 1e-12);
    assertEquals(0, e.sigma(30));
  }

  @Test
  void shouldSpaceDpmSolverStepsOverStepsPlusOne() {
    DpmSolverPlusPlus2M d = new DpmSolverPlusPlus2M(sd, 25, 1);
    // diffusers DPMSolverMultistep, leading: ratio = 1000 // 26 = 38; 25*38+1 = 951 ... 38+1 = 39.
    assertEquals(951, d.timestep(0));
    assertEquals(39, d.timestep(24));
  }

  @Test
  void shouldRefuseImpossibleStepCounts() {
    assertThrows(IllegalArgumentException.class, () -> SchedulerKind.EULER.create(sd, 0));
    assertThrows(IllegalArgumentException.class, () -> SchedulerKind.DDIM.create(sd, 1001));
  }

  /**
   * With data that is a single point c, the exact noise prediction is known in closed form, and
   * every sampler here is exact for it: it must land on c.
   */
  @ParameterizedTest
  @EnumSource(SchedulerKind.class)
  void shouldRecoverThePointMassWithAnExactNoisePredictor(SchedulerKind kind) {
    float c = 0.7f;
    Scheduler s = kind.create(sd, 12);
    java.util.Random r = new java.util.Random(1);
    float[] x = new float[16];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextGaussian() * s.initNoiseSigma());
    }
    for (int i = 0; i < s.steps(); i++) {
      float[] in = s.scaleModelInput(x, i);
      double sigma = s.sigma(i);
      double alpha = 1 / Math.sqrt(sigma * sigma + 1);
      float[] eps = new float[x.length];
      for (int j = 0; j < x.length; j++) {
        eps[j] = (float) ((in[j] - alpha * c) / (sigma * alpha));
      }
      x = s.step(eps, i, x);
    }
    // DDIM ends at alpha_bar(0) = 1 - 0.00085 rather than at sigma 0, and so does DPM-Solver++
    // (diffusers 0.25's last sigma is sigma(0)): they keep a noise of sigma(0) = 0.029 times a unit
    // Gaussian; Euler lands on c.
    double tolerance = kind == SchedulerKind.EULER ? 1e-3 : 0.15;
    for (float v : x) {
      assertEquals(c, v, tolerance);
    }
  }
}
