package io.hybridsr.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.config.CandidateSets;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileKeys;
import io.hybridsr.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of every scheduler on small random windows and budgets, against a brute-force oracle
 * over a reduced candidate set (S in {1,2,4}, D in {10,30,50}: 9^K joint choices).
 */
class SchedulerPropertiesTest {
  private static final Profile PROFILE = Profile.defaultProfile();
  private static final CandidateSets SMALL =
      new CandidateSets(List.of(1, 2, 4), List.of(10, 30, 50));
  private static final ConfigurationEvaluator EV =
      ConfigurationEvaluator.forProfile(PROFILE).withCandidates(SMALL);

  /** A window with a budget from very tight (nothing fits) to loose. */
  record Case(List<Task> window, Budget budget) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<Task> task = RandomTasks.tasks();
    Arbitrary<List<Task>> window = task.list().ofMinSize(1).ofMaxSize(4);
    Arbitrary<Double> edgeFraction = Arbitraries.doubles().between(0.02, 1.5);
    Arbitrary<Double> deviceFraction = Arbitraries.doubles().between(0.01, 1.2);
    Arbitrary<Double> l0 = Arbitraries.doubles().between(10, 90);
    return Combinators.combine(window, edgeFraction, deviceFraction, l0)
        .as(
            (w, ef, df, l) -> {
              Budget full = Budget.forWindow(PROFILE, w.size(), 1.0);
              return new Case(w, new Budget(full.edgeFlops() * ef, full.deviceFlops() * df, l));
            });
  }

  private static List<Scheduler> schedulers(ConfigurationEvaluator ev) {
    List<Scheduler> out = new ArrayList<>();
    out.add(new SimulatedAnnealingScheduler(ev, SaParameters.DEFAULT));
    out.add(new ExactScheduler(ev));
    out.add(new RandomScheduler(ev, 3));
    return out;
  }

  @Property(tries = 150)
  void noSchedulerReturnsAnInfeasibleAnswerWhenAFeasibleOneExists(@ForAll("cases") Case c) {
    double best = BruteForce.best(c.window(), c.budget(), EV);
    for (Scheduler s : schedulers(EV)) {
      ScheduleResult r = s.schedule(c.window(), c.budget());
      assertEquals(c.window().size(), r.assignments().size(), s.name());
      if (!Double.isNaN(best)) {
        assertTrue(r.feasible(), s.name() + " infeasible although a feasible choice exists");
        assertFalse(r.degraded(), s.name());
      } else {
        assertTrue(r.degraded(), s.name() + " must flag the degraded answer");
        assertFalse(r.reason().isEmpty());
      }
      // Never an unflagged infeasible answer.
      assertTrue(r.feasible() || r.degraded(), s.name());
    }
  }

  @Property(tries = 150)
  void fixedScaleBaselinesAreFeasibleWhenTheirOwnSpaceIs(@ForAll("cases") Case c) {
    for (int scale : List.of(1, 2)) {
      ConfigurationEvaluator restricted = EV.withCandidates(SMALL.withScales(List.of(scale)));
      double best = BruteForce.best(c.window(), c.budget(), restricted);
      Scheduler s = scale == 1 ? new WithoutSrScheduler(EV) : new OneTypeScheduler(EV);
      ScheduleResult r = s.schedule(c.window(), c.budget());
      assertEquals(!Double.isNaN(best), r.feasible(), s.name());
      assertEquals(Double.isNaN(best), r.degraded(), s.name());
      if (!Double.isNaN(best)) {
        assertEquals(best, r.totalUtility(), 1e-9, s.name() + " tunes the steps optimally");
        r.assignments().forEach(a -> assertEquals(scale, a.configuration().scale()));
      }
    }
  }

  @Property(tries = 150)
  void exactEqualsBruteForce(@ForAll("cases") Case c) {
    double best = BruteForce.best(c.window(), c.budget(), EV);
    ScheduleResult r = new ExactScheduler(EV).schedule(c.window(), c.budget());
    if (Double.isNaN(best)) {
      assertTrue(r.degraded());
    } else {
      assertEquals(best, r.totalUtility(), 1e-9);
      assertTrue(r.feasible());
    }
  }

  @Property(tries = 100)
  void annealingNeverBeatsTheOptimum(@ForAll("cases") Case c) {
    ScheduleResult sa =
        new SimulatedAnnealingScheduler(EV, SaParameters.DEFAULT).schedule(c.window(), c.budget());
    ScheduleResult ex = new ExactScheduler(EV).schedule(c.window(), c.budget());
    if (!ex.degraded()) {
      assertTrue(sa.totalUtility() <= ex.totalUtility() + 1e-9);
    }
  }

  @Property(tries = 60)
  void cogView3IsFlaggedWhenItsCascadeDoesNotFit(@ForAll("cases") Case c) {
    ScheduleResult r =
        new CogView3Scheduler(ConfigurationEvaluator.forProfile(PROFILE))
            .schedule(c.window(), c.budget());
    assertEquals(!r.feasible(), r.degraded());
    assertEquals(r.violations(c.budget()) > 0, r.degraded());
  }

  /** Guard for the default profile: the oracle's default candidate sets are the documented ones. */
  @Property(tries = 1)
  void defaultCandidatesAreTheDocumentedOnes() {
    assertEquals(List.of(1, 2, 3, 4), CandidateSets.DEFAULT.scales());
    assertEquals(10, CandidateSets.DEFAULT.steps().get(0));
    assertEquals(50, CandidateSets.DEFAULT.steps().get(CandidateSets.DEFAULT.steps().size() - 1));
    assertEquals(0.25, PROFILE.value(ProfileKeys.GAMMA));
  }
}
