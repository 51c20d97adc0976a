package io.hybridsr.core.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.config.GenerationSize;
import io.hybridsr.core.profile.Profile;
import org.junit.jupiter.api.Test;

class QualityModelTest {
  private final QualityModel q = new QualityModel(Profile.defaultProfile());

  @Test
  void shouldRiseThenFallWithResolution() {
    double s512 = q.generationQuality(30, new GenerationSize(512, 512));
    double s1024 = q.generationQuality(30, new GenerationSize(1024, 1024));
    double s2048 = q.generationQuality(30, new GenerationSize(2048, 2048));
    assertTrue(s512 < s1024 && s2048 < s1024, "Fig. 1b: peak near 1000x1000");
    assertEquals(1.0, q.resolutionFactor(new GenerationSize(1024, 1024)), 1e-12);
  }

  @Test
  void shouldShowDiminishingReturnsInSteps() {
    GenerationSize r = new GenerationSize(1024, 1024);
    double d10 = q.generationQuality(10, r);
    double d30 = q.generationQuality(30, r);
    double d50 = q.generationQuality(50, r);
    assertTrue(d10 < d30 && d30 < d50);
    assertTrue(d30 - d10 > 3 * (d50 - d30), "the first 20 steps gain more than the next 20");
  }

  @Test
  void shouldGainFromDiffusionSrWithDiminishingReturns() {
    assertEquals(1.0, q.srGain(0), 1e-12);
    assertTrue(q.srGain(0.25) > 1);
    assertTrue(q.srGain(0.5) > q.srGain(0.25));
    assertTrue(q.srGain(0.25) - q.srGain(0) > q.srGain(0.5) - q.srGain(0.25));
    GenerationSize r = new GenerationSize(512, 512);
    assertEquals(q.generationQuality(30, r), q.quality(30, r, false, 0.25), 1e-12);
  }

  @Test
  void shouldScaleQualityAndLatencySoLambdaSpansTheTradeOff() {
    assertTrue(
        q.normalized(q.generationQuality(50, new GenerationSize(1024, 1024)) * q.srGain(1))
            <= 1 + 1e-12);
    UtilityModel u = new UtilityModel(60);
    assertEquals(0.8, u.utility(0.8, 0.0, 30), 1e-12);
    assertEquals(0.3, u.utility(0.8, 1.0, 30), 1e-12);
    assertEquals(0.5, u.scaledLatency(30), 1e-12);
  }
}
