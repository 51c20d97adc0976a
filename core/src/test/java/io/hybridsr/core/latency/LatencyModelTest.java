package io.hybridsr.core.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.config.Configuration;
import io.hybridsr.core.config.GenerationSize;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileKeys;
import io.hybridsr.core.profile.TestProfiles;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyModelTest {

  /** Round constants so the expected values can be worked by hand (see each test). */
  private static Profile handProfile() {
    return TestProfiles.with(
        Map.ofEntries(
            Map.entry(ProfileKeys.EDGE_PEAK_FLOPS, 1e12),
            Map.entry(ProfileKeys.EDGE_EFF_SDXL, 1.0),
            Map.entry(ProfileKeys.EDGE_EFF_VAE, 1.0),
            Map.entry(ProfileKeys.EDGE_EFF_STABLESR, 1.0),
            Map.entry(ProfileKeys.DEVICE_PEAK_FLOPS, 1e11),
            Map.entry(ProfileKeys.DEVICE_EFF_REALESRGAN, 1.0),
            Map.entry(ProfileKeys.LINK_BANDWIDTH, 1e6),
            Map.entry(ProfileKeys.LINK_BYTES_PER_PIXEL, 1.0),
            Map.entry(ProfileKeys.LINK_COMPRESSION, 1.0),
            Map.entry(ProfileKeys.SDXL_LINEAR, 1000.0),
            Map.entry(ProfileKeys.SDXL_ATTENTION, 1.0),
            Map.entry(ProfileKeys.SDXL_FORWARDS, 2.0),
            Map.entry(ProfileKeys.SDXL_VAE, 10.0),
            Map.entry(ProfileKeys.STABLESR_TILE_STEP, 1e9),
            Map.entry(ProfileKeys.STABLESR_STEPS, 10.0),
            Map.entry(ProfileKeys.REALESRGAN_FLOPS, 100.0)));
  }

  @Test
  void shouldMatchAHandWorkedHybridCase() {
    // 1024x1024, S=2, D=20: R = 512x512, 64x64 = 4096 latent cells.
    // UNet forward 1000*4096 + 4096^2 = 20,873,216; x2 forwards x20 steps = 834,928,640;
    // VAE 10 * 262,144 = 2,621,440; xi1 = 837,550,080 -> T1 = 8.3755008e-4 s.
    // 4 foreground patches of 256x256 output (32 latent: one tile each): xi2 = 4*10*1e9 -> T2 =
    // 0.04 s.
    // Background 0.75 * 262,144 px * 100 = 19,660,800 -> T3 = 1.96608e-4 s.
    // eta4 = 0.25 * 1,048,576 px * 8 bit = 2,097,152 bit -> T4 = 2.097152 s.
    // eta5 = 0.75 * 262,144 * 8 = 1,572,864 bit -> T5 = 1.572864 s.
    // T6 = max(0.04 + 2.097152, 1.96608e-4 + 1.572864) = 2.137152; T = 2.13798955008 s.
    LatencyModel m = new LatencyModel(handProfile(), 0.25, 1.0);
    LatencyEstimate e = m.estimate(1024, 1024, new Configuration(2, 20));
    assertEquals(new GenerationSize(512, 512), e.size());
    assertEquals(837_550_080.0, e.xi1(), 1e-3);
    assertEquals(4e10, e.xi2(), 1e-3);
    assertEquals(19_660_800.0, e.xi3(), 1e-6);
    LatencyBreakdown t = e.latency();
    assertEquals(8.3755008e-4, t.t1(), 1e-15);
    assertEquals(0.04, t.t2(), 1e-15);
    assertEquals(1.96608e-4, t.t3(), 1e-15);
    assertEquals(2.097152, t.t4(), 1e-12);
    assertEquals(1.572864, t.t5(), 1e-12);
    assertEquals(2.137152, t.t6(), 1e-12);
    assertEquals(2.13798955008, t.total(), 1e-12);
    assertEquals(e.xi1() + e.xi2(), e.edgeLoad());
  }

  @Test
  void shouldSendTheWholeImageWithoutSr() {
    // 1024x1024, S=1, D=10: 128x128 = 16384 cells; forward 16,384,000 + 268,435,456 = 284,819,456;
    // x2 x10 = 5,696,389,120 + VAE 10,485,760 = 5,706,874,880 -> T1 = 5.70687488e-3 s; T =
    // 8.39431487488 s.
    // No SR: T2 = T3 = T4 = 0; T5 = 1,048,576 * 8 / 1e6 = 8.388608 s.
    LatencyBreakdown t =
        new LatencyModel(handProfile(), 0.25, 1.0)
            .estimate(1024, 1024, new Configuration(1, 10))
            .latency();
    assertEquals(5.70687488e-3, t.t1(), 1e-15);
    assertEquals(0, t.t2());
    assertEquals(0, t.t3());
    assertEquals(0, t.t4());
    assertEquals(8.388608, t.t5(), 1e-12);
    assertEquals(8.39431487488, t.total(), 1e-12);
  }

  @Test
  void shouldScaleEdgeTimesWithTheCapacityRatio() {
    LatencyBreakdown full =
        new LatencyModel(handProfile(), 0.25, 1.0)
            .estimate(1024, 1024, new Configuration(2, 20))
            .latency();
    LatencyBreakdown half =
        new LatencyModel(handProfile(), 0.25, 0.5)
            .estimate(1024, 1024, new Configuration(2, 20))
            .latency();
    assertEquals(2 * full.t1(), half.t1(), 1e-15);
    assertEquals(2 * full.t2(), half.t2(), 1e-15);
    assertEquals(full.t3(), half.t3());
    assertEquals(full.t4(), half.t4());
  }

  @Test
  void shouldReproduceThePapersSrTimingsWithTheDefaultProfile() {
    Profile p = Profile.defaultProfile();
    ModelLoads loads = new ModelLoads(p);
    double device =
        p.value(ProfileKeys.DEVICE_PEAK_FLOPS) * p.value(ProfileKeys.DEVICE_EFF_REALESRGAN);
    double edgeSr = p.value(ProfileKeys.EDGE_PEAK_FLOPS) * p.value(ProfileKeys.EDGE_EFF_STABLESR);
    // Paper section II-B: learning-based SR 4x of 512x512 in 8.41 s; diffusion SR 125.4 s.
    assertEquals(8.41, loads.realEsrgan(512 * 512) / device, 0.01);
    assertEquals(49, loads.stableSrTiles(2048, 2048));
    assertEquals(125.4, loads.stableSr(49) / edgeSr, 0.3);
  }

  @Test
  void shouldAddAFewSecondsForTheHybridBranch() {
    // Paper section II-B: hybrid adds 8.3 s to the 8.41 s of learning-based SR (4x of 512x512).
    // The per-tile FLOP model adds 2.8 s: only 4 of the 49 tiles go to StableSR (docs/models.md).
    Profile p = Profile.defaultProfile();
    Configuration e = new Configuration(4, 30);
    double hybrid = new LatencyModel(p, 0.25, 1.0).estimate(2048, 2048, e).latency().t6();
    double learning = new LatencyModel(p, 0.0, 1.0).estimate(2048, 2048, e).latency().t6();
    assertEquals(2.77, hybrid - learning, 0.05);
  }

  @Test
  void shouldCountRealEsrganFlopsFromItsGraph() {
    // x4plus: 17,926,848 MAC per input pixel; x4fast: 1,209,024 (docs/models.md).
    assertEquals(35_853_696.0, RealEsrganFlops.X4PLUS, 1e-6);
    assertEquals(2_418_048.0, RealEsrganFlops.X4FAST, 1e-6);
    Profile p = Profile.defaultProfile();
    assertEquals(RealEsrganFlops.X4PLUS, p.value(ProfileKeys.REALESRGAN_FLOPS), 0.01e6);
    assertEquals(
        RealEsrganFlops.X4FAST, p.value("models.realesrgan.x4fastFlopsPerInputPixel"), 0.01e6);
  }

  @Test
  void shouldGrowSuperLinearlyWithResolution() {
    ModelLoads loads = new ModelLoads(Profile.defaultProfile());
    double small = loads.unetForward(64 * 64);
    double large = loads.unetForward(128 * 128);
    assertTrue(large > 4 * small, "attention makes 4x the cells cost more than 4x");
    // SDXL at 1024x1024: about 6 TFLOP per UNet forward (docs/models.md).
    assertEquals(6.06e12, loads.unetForward(128 * 128), 0.05e12);
  }

  @Test
  void shouldCostMoreWithMoreStepsAndLessWithLargerScale() {
    LatencyModel m = new LatencyModel(Profile.defaultProfile());
    double d10 = m.estimate(1920, 1080, new Configuration(2, 10)).latency().t1();
    double d50 = m.estimate(1920, 1080, new Configuration(2, 50)).latency().t1();
    assertTrue(d50 > 4.5 * d10 && d50 < 5.1 * d10, "T1 is about linear in steps");
    double s1 = m.estimate(1920, 1080, new Configuration(1, 30)).latency().t1();
    double s4 = m.estimate(1920, 1080, new Configuration(4, 30)).latency().t1();
    assertTrue(s1 > 10 * s4);
  }

  @Test
  void shouldModelTheCogView3Cascade() {
    RelayDiffusionModel relay = new RelayDiffusionModel(Profile.defaultProfile(), 1.0);
    assertEquals(new GenerationSize(512, 512), relay.baseSize(1024, 1024));
    assertEquals(1, relay.relayStages(1024, 1024));
    assertEquals(2, relay.relayStages(2048, 2048));
    assertEquals(0, relay.relayStages(512, 512));
    LatencyBreakdown a = relay.estimate(1024, 1024).latency();
    LatencyBreakdown b = relay.estimate(2048, 2048).latency();
    assertTrue(b.total() > 2 * a.total());
    assertEquals(0, a.t2());
  }
}
