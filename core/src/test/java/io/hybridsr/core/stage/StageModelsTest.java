package io.hybridsr.core.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.config.Configuration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageModelsTest {
  @Test
  void fitRecoversTwoUnitLine() {
    double[] u1 = {1, 2, 3, 4, 1, 3};
    double[] u2 = {0.5, 0.5, 1, 2, 3, 0.2};
    double[] y = new double[u1.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = 0.3 + 2 * u1[i] + 0.7 * u2[i];
    }
    StageModel m = StageModel.fit(Stage.GENERATION, "r", u1, u2, y, "test");
    assertEquals(0.3, m.interceptSeconds(), 1e-9);
    assertEquals(2, m.secondsPerUnit(), 1e-9);
    assertEquals(0.7, m.secondsPerUnit2(), 1e-9);
  }

  @Test
  void fitDropsNegativeCoefficients() {
    // Falling time with more units is noise: the slope is dropped, the mean kept.
    StageModel m =
        StageModel.fit(
            Stage.STITCH,
            "r",
            new double[] {1, 2},
            new double[] {0, 0},
            new double[] {1.0, 0.8},
            "test");
    assertTrue(m.secondsPerUnit() >= 0 && m.interceptSeconds() >= 0);
    assertEquals(0.9, m.seconds(1.5, 0), 0.11);
  }

  @Test
  void scaleLearnerFollowsAChangeWithinHalfAWindowAndIgnoresAnOutlier() {
    ScaleLearner l = new ScaleLearner();
    assertEquals(1, l.scale(), 0);
    for (int i = 0; i < ScaleLearner.WINDOW; i++) {
      l.add(2.0, 1.0, i);
    }
    assertEquals(2, l.scale(), 1e-9);
    l.add(100, 1.0, 10); // one outlier
    assertEquals(2, l.scale(), 1e-9);
    for (int i = 0; i < ScaleLearner.WINDOW / 2 + 1; i++) {
      l.add(4.0, 1.0, 20 + i);
    }
    assertEquals(4, l.scale(), 1e-9);
  }

  @Test
  void scaleLearnerTakesAPlainShiftAfterThreeMeasurementsButNotNoise() {
    ScaleLearner link = new ScaleLearner();
    for (int i = 0; i < ScaleLearner.WINDOW; i++) {
      link.add(1.0 + 0.001 * (i % 3), 1.0, i); // a link: the same time every task
    }
    link.add(4.0, 1.0, 10);
    link.add(4.01, 1.0, 11);
    assertEquals(1.0, link.scale(), 0.01, "two are not yet a shift");
    link.add(3.99, 1.0, 12);
    assertEquals(4.0, link.scale(), 0.011, "three in a row beyond the window are");

    ScaleLearner noisy = new ScaleLearner();
    double[] wide = {0.6, 1.4, 0.8, 1.8, 1.0, 0.7, 1.6, 0.9, 1.2};
    for (int i = 0; i < wide.length; i++) {
      noisy.add(wide[i], 1.0, i);
    }
    double before = noisy.scale();
    noisy.add(1.7, 1.0, 10);
    noisy.add(1.75, 1.0, 11);
    noisy.add(1.7, 1.0, 12); // high, but within what the window has seen (1.8)
    // no shift: the plain median of the last nine (0.7 0.9 1.0 1.2 1.6 1.7 1.7 1.75 1.8)
    assertEquals(1.6, noisy.scale(), 1e-9);
    assertTrue(noisy.scale() > before);
  }

  @Test
  void bothLinkStagesOfADeviceShareWhatIsLearnedOfItsLink() {
    LearnedSpeeds s = new LearnedSpeeds();
    s.add(Stage.LINK_BG, "png@10000kbps", "dev-a", 4, 1, 0);
    assertEquals(4, s.scale(Stage.LINK_FG, "png@10000kbps", "dev-a"), 1e-9);
    assertEquals(
        1, s.scale(Stage.LINK_FG, "png@10000kbps", "dev-b") / 4, 1e-9, "peers' by default");
    s.add(Stage.DEVICE_SR, "x4fast", "dev-a", 2, 1, 0);
    assertEquals(4, s.scale(Stage.LINK_BG, "png@10000kbps", "dev-a"), 1e-9, "not the device's SR");
  }

  @Test
  void learnedSpeedsFallBackToPeersForANewSite() {
    LearnedSpeeds s = new LearnedSpeeds();
    s.add(Stage.DEVICE_SR, "x4fast", "dev-a", 3, 1, 0);
    assertEquals(3, s.scale(Stage.DEVICE_SR, "x4fast", "dev-a"), 1e-9);
    assertEquals(3, s.scale(Stage.DEVICE_SR, "x4fast", "dev-new"), 1e-9);
    s.add(Stage.DEVICE_SR, "x4fast", "dev-b", 1, 1, 1);
    assertEquals(1, s.scale(Stage.DEVICE_SR, "x4fast", "dev-b"), 1e-9);
    assertEquals(3, s.scale(Stage.DEVICE_SR, "x4fast", "dev-a"), 1e-9);
  }

  @Test
  void fifthTaskOnAOneSlotEdgeWaitsForTheFirstFour() {
    Backlog b = new Backlog();
    b.ensureSlots(1, 0);
    List<ServiceTimes> s =
        List.of(
            new ServiceTimes(1, 2, 0, 0, 0, 0),
            new ServiceTimes(2, 1, 0, 0, 0, 0),
            new ServiceTimes(0.5, 0.5, 0, 0, 0, 0),
            new ServiceTimes(3, 0, 0, 0, 0, 0),
            new ServiceTimes(1, 1, 0.5, 0.5, 1, 0.1));
    List<Backlog.Placement> p =
        b.plan(List.of("a", "b", "c", "d", "e"), List.of("d1", "d2", "d3", "d4", "d5"), s, 0);
    assertEquals(1 + 2 + 2 + 1 + 0.5 + 0.5 + 3, p.get(4).edgeWaitSeconds(), 1e-9);
    assertEquals(10 + 1, p.get(4).predicted().t1(), 1e-9);
    assertEquals(10 + 2 + 2.1, p.get(4).predicted().total(), 1e-9);
    // The next window waits for all five.
    assertEquals(12, b.edgeWaitSeconds(0), 1e-9);
  }

  @Test
  void coLocatedStagesAreScaledByTheOverlapOfRunnersPlannedComputingBesideThem() {
    // One full overlap doubles a stage: two runners on one core.
    Backlog.Contention twiceBesideOne = (stage, device, overlap) -> 1 + overlap;
    List<ServiceTimes> work =
        List.of(new ServiceTimes(1, 0, 0, 0, 4, 0), new ServiceTimes(1, 0, 0, 0, 4, 0));
    // x: edge 0-1 s, then d1 computes 1-5 s. y: edge 1-2 s (beside d1 all along), then d2.
    Backlog shared = oneSlot();
    List<Backlog.Placement> p =
        shared.plan(
            List.of("x", "y"), List.of("d1", "d2"), work, 0, Colocation.SHARED, 1, twiceBesideOne);
    assertEquals(0, shared.pending.get("x").edgeOverlap, 1e-9);
    assertEquals(1, shared.pending.get("y").edgeOverlap, 1e-9, "d1 computes all along y's edge");
    assertEquals(2, p.get(1).services().generation(), 1e-9, "twice 1 s beside one runner");
    assertEquals(1 + 2, p.get(1).predicted().t1(), 1e-9);
    // The edge first: y's generation is not slowed; its device work (from 2 s)
    // overlaps d1's (until 5 s) partly. Stretched, d2 takes t = 4 (1 + 3 / t): t = 6 s, half of
    // it beside d1.
    Backlog edgeFirst = oneSlot();
    List<Backlog.Placement> q =
        edgeFirst.plan(
            List.of("x", "y"),
            List.of("d1", "d2"),
            work,
            0,
            Colocation.EDGE_FIRST,
            1,
            twiceBesideOne);
    assertEquals(0, edgeFirst.pending.get("y").edgeOverlap, 1e-9);
    assertEquals(1, q.get(1).services().generation(), 1e-9);
    assertEquals(0.5, edgeFirst.pending.get("y").deviceOverlap, 0.01);
    assertEquals(6, q.get(1).services().deviceSr(), 0.05);
    // And y slows x: x's SR on d1 (1-5 s) is now planned beside y's generation (1-2 s) and d2's
    // SR (from 2 s): overlap 1, so twice its 4 s, and d1 frees at 9 s rather than 5 s (what
    // sharing a core gives: 0.5 s done by 2 s, the other 3.5 s at half speed).
    assertEquals(1, edgeFirst.pending.get("x").deviceOverlap, 0.01);
    assertEquals(8000, edgeFirst.pending.get("x").deviceSrMs);
    assertEquals(9000, edgeFirst.pending.get("x").deviceEndMs);
    assertEquals(9, edgeFirst.deviceWaitSeconds(0).get("d1"), 1e-9);
    // A task queued behind the work it slows waits for that work as slowed: y on d1 too, its
    // generation (1-2 s) beside x's SR (1-5 s) for a quarter of it, so x takes 5 s, ends at 6 s,
    // and y's device work starts at 6 s, not 5 s.
    Backlog sameDevice = oneSlot();
    List<Backlog.Placement> same =
        sameDevice.plan(
            List.of("x", "y"),
            List.of("d1", "d1"),
            work,
            0,
            Colocation.EDGE_FIRST,
            1,
            twiceBesideOne);
    assertEquals(0.25, sameDevice.pending.get("x").deviceOverlap, 1e-9);
    assertEquals(6000, sameDevice.pending.get("x").deviceEndMs);
    assertEquals(6 - 2, same.get(1).deviceWaitSeconds(), 1e-9);
    assertEquals(6000, sameDevice.pending.get("y").deviceComputeStartMs);
    assertEquals(6 + 4, same.get(1).predicted().total(), 1e-9);
    // A device still receiving its patches (the link) is not computing: it does not count.
    Backlog receiving = oneSlot();
    receiving.plan(
        List.of("x", "y"),
        List.of("d1", "d2"),
        List.of(new ServiceTimes(1, 0, 3, 2, 1, 0), new ServiceTimes(1, 0, 0, 0, 1, 0)),
        0,
        Colocation.SHARED,
        1,
        twiceBesideOne);
    assertEquals(0, receiving.pending.get("y").edgeOverlap, 1e-9, "d1 receives from 1 s to 6 s");
    // Apart (as deployed) nothing is scaled and every overlap is 0.
    Backlog apart = oneSlot();
    List<Backlog.Placement> r =
        apart.plan(
            List.of("x", "y"), List.of("d1", "d2"), work, 0, Colocation.APART, 1, twiceBesideOne);
    assertEquals(1, r.get(1).services().generation(), 1e-9);
    assertEquals(4, r.get(1).services().deviceSr(), 1e-9);
    assertEquals(0, apart.pending.get("y").edgeOverlap, 1e-9);
  }

  @Test
  void onSeveralCoresOnlyTheRunnersBeyondTheFreeCoresSlowAStage() {
    Backlog.Contention twiceBesideOne = (stage, device, overlap) -> 1 + overlap;
    ServiceTimes sr = new ServiceTimes(1, 0, 0, 0, 4, 0);
    // x: edge 0-1 s, d1 computes 1-5 s; y: edge 1-2 s, d2 from 2 s. On one core y's SR is
    // stretched to 6 s and x's to 8 s (above); on two, each has a core of its own.
    Backlog two = oneSlot();
    List<Backlog.Placement> p =
        two.plan(
            List.of("x", "y"),
            List.of("d1", "d2"),
            List.of(sr, sr),
            0,
            Colocation.EDGE_FIRST,
            2,
            twiceBesideOne);
    assertEquals(0, two.pending.get("y").deviceOverlap, 1e-9);
    assertEquals(4, p.get(1).services().deviceSr(), 1e-9);
    assertEquals(0, two.pending.get("x").deviceOverlap, 1e-9);
    assertEquals(5000, two.pending.get("x").deviceEndMs);
    // z's generation (2-4 s) takes the edge's core while both devices compute: for those 2 s the
    // two devices share the other core, so each of x's and y's 4 s SR is half a full overlap.
    two.plan(
        List.of("z"),
        List.of("d3"),
        List.of(new ServiceTimes(2, 0, 0, 0, 0, 0)),
        2000,
        Colocation.EDGE_FIRST,
        2,
        twiceBesideOne);
    assertEquals(0, two.pending.get("z").edgeOverlap, 1e-9, "the edge comes first");
    assertEquals(0.5, two.pending.get("x").deviceOverlap, 1e-9);
    assertEquals(0.5, two.pending.get("y").deviceOverlap, 1e-9);
    assertEquals(7000, two.pending.get("x").deviceEndMs);
    assertEquals(8000, two.pending.get("y").deviceEndMs);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            oneSlot()
                .plan(
                    List.of("x"),
                    List.of("d1"),
                    List.of(sr),
                    0,
                    Colocation.SHARED,
                    0,
                    twiceBesideOne));
  }

  private static Backlog oneSlot() {
    Backlog b = new Backlog();
    b.ensureSlots(1, 0);
    return b;
  }

  @Test
  void contentionIsLearnedAsTheSlowdownOfOneFullOverlapBesideTheSpeedAlone() {
    LearnedSpeeds s = new LearnedSpeeds();
    // Truth: 1.5x the calibrated model alone, twice that beside one other runner all along.
    // Runs alternate between alone and overlapped by 0.5 or 1 (contention comes and goes).
    double[] overlaps = {0, 1, 0, 0.5, 0, 1, 0, 0.5, 0, 1, 0, 0.5, 0, 1, 0, 0.5, 0, 1};
    long now = 0;
    for (double o : overlaps) {
      s.addShared(Stage.DEVICE_SR, "sr", "d1", 1.5 * (1 + o), 1, o, now++);
    }
    assertEquals(1.5, s.scale(Stage.DEVICE_SR, "sr", "d1"), 0.02, "the speed alone");
    assertEquals(2, s.contentionFactor(Stage.DEVICE_SR, "sr", 1), 0.02, "one full overlap");
    assertEquals(1.5, s.contentionFactor(Stage.DEVICE_SR, "sr", 0.5), 0.02);
    assertEquals(1, s.contentionFactor(Stage.DEVICE_SR, "sr", 0), 1e-9);
    // Contention is the host's: another device of the same runner predicts with it at once.
    assertEquals(2, s.contentionFactor(Stage.DEVICE_SR, "sr", 1), 0.02);
    // Until enough overlapped runs are seen, contention is not assumed.
    LearnedSpeeds fresh = new LearnedSpeeds();
    fresh.addShared(Stage.DEVICE_SR, "sr", "d1", 1.5, 1, 0, 0);
    fresh.addShared(Stage.DEVICE_SR, "sr", "d1", 3, 1, 1, 1);
    assertEquals(1, fresh.contentionFactor(Stage.DEVICE_SR, "sr", 1), 1e-9);
    // ... but a prior, where one is given, until then; once learned, the learned one.
    assertEquals(2, fresh.contentionFactor(Stage.DEVICE_SR, "sr", 1, 2), 1e-9);
    assertEquals(1.5, fresh.contentionFactor(Stage.DEVICE_SR, "sr", 0.5, 2), 1e-9);
    assertEquals(1, fresh.contentionFactor(Stage.DEVICE_SR, "sr", 0, 2), 1e-9);
    assertEquals(2, s.contentionFactor(Stage.DEVICE_SR, "sr", 1, 3), 0.02);
  }

  @Test
  void aMeasuredEndShiftsWhatWasPlannedBehindIt() {
    Backlog b = new Backlog();
    b.ensureSlots(1, 0);
    b.plan(
        List.of("a", "b"),
        List.of("d", "d"),
        List.of(new ServiceTimes(1, 0, 0, 0, 1, 0), new ServiceTimes(1, 0, 0, 0, 1, 0)),
        0);
    assertEquals(2, b.edgeWaitSeconds(0), 1e-9);
    b.edgeDone("a", 3000); // 2 s late
    assertEquals(4, b.edgeWaitSeconds(0), 1e-9);
    assertEquals(4000, b.pending.get("b").edgeEndMs);
    b.deviceDone("a", 5000);
    b.deviceDone("b", 6000);
    assertTrue(b.pending.isEmpty());
  }

  @Test
  void workStillRunningPastItsPredictedEndHoldsItsDeviceAndSlot() {
    Backlog b = new Backlog();
    b.ensureSlots(1, 0);
    // Edge 1 s each; device 4 s each, both on device d: a ends at 5 s, b at 9 s, as planned.
    b.plan(
        List.of("a", "b"),
        List.of("d", "d"),
        List.of(new ServiceTimes(1, 0, 0, 0, 4, 0), new ServiceTimes(1, 0, 0, 0, 4, 0)),
        0);
    b.edgeDone("a", 1000);
    b.edgeDone("b", 2000);
    assertEquals(9, b.deviceWaitSeconds(0).get("d"), 1e-9);
    // At 8 s, a has not reported: it has run 3 s past its planned end, so it is taken to need 3 s
    // more (ending at 11 s), b behind it ends 6 s later than planned and the device is busy until
    // 15 s.
    b.catchUp(8000);
    assertEquals(11000, b.pending.get("a").deviceEndMs);
    assertEquals(15000, b.pending.get("b").deviceEndMs);
    assertEquals(7, b.deviceWaitSeconds(8000).get("d"), 1e-9);
    // Later windows measure the overrun from a's planned end, not from where catch-up put it.
    b.catchUp(8000);
    assertEquals(11000, b.pending.get("a").deviceEndMs);
    b.catchUp(9000);
    assertEquals(13000, b.pending.get("a").deviceEndMs);
    // a's real end, at 8.5 s, moves b back by what was not needed (b ends 4 s after it).
    b.deviceDone("a", 8500);
    assertEquals(12500, b.pending.get("b").deviceEndMs);
    // The same on the edge: c (2 s) then e (2 s) from 9 s; c overdue at 12 s moves e to 14 s.
    b.plan(
        List.of("c", "e"),
        List.of("x", "y"),
        List.of(new ServiceTimes(2, 0, 0, 0, 0, 0), new ServiceTimes(2, 0, 0, 0, 0, 0)),
        9000);
    assertEquals(1, b.edgeWaitSeconds(12000), 1e-9);
    b.catchUp(12000);
    assertEquals(14000, b.pending.get("e").edgeEndMs);
    assertEquals(2, b.edgeWaitSeconds(12000), 1e-9);
    b.catchUp(11500); // a clock that goes back moves nothing
    assertEquals(12000, b.pending.get("c").edgeEndMs);
  }

  @Test
  void stageWorkCountsWhatTheEdgeCuts() {
    StageWork w = StageWork.of(1024, 1024, new Configuration(2, 10), 4, 0.25, 8);
    assertEquals(64 * 64 * 10 / 1e6, w.cellSteps(), 1e-12);
    assertEquals(512 * 512 / 1e6, w.decoded(), 1e-12);
    double padded = (512 + 48) * (512 + 48) / 1e6;
    assertEquals(padded / 4, w.edgeSrIn(), 1e-12);
    assertEquals(padded * 3 / 4, w.deviceSrIn(), 1e-12);
    assertEquals(4 * w.edgeSrIn(), w.linkFg(), 1e-12);
    StageWork direct = StageWork.of(1024, 1024, new Configuration(1, 10), 4, 0.25, 8);
    assertEquals(0, direct.edgeSrIn());
    assertEquals(0, direct.deviceSrIn());
    assertEquals((1024 + 48) * (1024 + 48) / 1e6, direct.linkBg(), 1e-12);
  }

  @Test
  void predictionsUseTheRunnersModelTimesWhatWasLearned() {
    RunnerSet runners = new RunnerSet("gen", "esr", "dsr", "link");
    StageModels base =
        new StageModels(
            List.of(
                new StageModel(Stage.GENERATION, "gen", 0.5, 10, 1, "t"),
                new StageModel(Stage.DEVICE_SR, "dsr", 0, 20, 0, "t")),
            "t");
    assertEquals(4, base.missingFor(runners).size());
    LearnedSpeeds learned = new LearnedSpeeds();
    learned.add(Stage.DEVICE_SR, "dsr", "dev", 2, 1, 0);
    StageLatencyModel m =
        new StageLatencyModel(
            base, learned, runners, "edge", 4, 0.25, 8, 3, Map.of("dev", 100.0), Map.of());
    io.hybridsr.core.task.Task t =
        new io.hybridsr.core.task.Task("t", "u", "dev", "edge", 1024, 1024, 0.5, "p");
    ServiceTimes s = m.services(t, new Configuration(2, 10));
    StageWork w = m.work(t, new Configuration(2, 10));
    assertEquals(0.5 + 10 * w.cellSteps() + w.decoded(), s.generation(), 1e-9);
    assertEquals(2 * 20 * w.deviceSrIn(), s.deviceSr(), 1e-9);
    // The device is busy for 100 s: the task waits for it after its edge work (3 s wait first).
    var e = m.estimate(t, new Configuration(2, 10));
    assertEquals(3 + s.generation(), e.latency().t1(), 1e-9);
    assertEquals(100 + s.device(), e.latency().total(), 1e-9);
  }
}
