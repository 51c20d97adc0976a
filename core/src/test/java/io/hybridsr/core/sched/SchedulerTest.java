package io.hybridsr.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.config.StandardResolution;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.sim.PromptSource;
import io.hybridsr.core.sim.WorkloadGenerator;
import io.hybridsr.core.task.Task;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  private final Profile profile = Profile.defaultProfile();
  private final ConfigurationEvaluator ev = ConfigurationEvaluator.forProfile(profile);
  private final WorkloadGenerator work = new WorkloadGenerator(PromptSource.partiPrompts(), 5, 10);

  @Test
  void shouldBeReproducibleForAFixedSeed() {
    List<Task> w = work.window(StandardResolution.P1440, 3);
    Budget b = Budget.forWindow(profile, w.size(), 1.0);
    ScheduleResult a = new SimulatedAnnealingScheduler(ev, SaParameters.DEFAULT).schedule(w, b);
    ScheduleResult c = new SimulatedAnnealingScheduler(ev, SaParameters.DEFAULT).schedule(w, b);
    assertEquals(a.assignments(), c.assignments());
    assertEquals(a.totalUtility(), c.totalUtility());
  }

  @Test
  void shouldStayWithinOnePercentOfTheOptimumOnTightWindows() {
    for (int i = 0; i < 10; i++) {
      List<Task> w = work.window(StandardResolution.P1440, i);
      Budget b = Budget.forWindow(profile, w.size(), 1.0);
      ScheduleResult sa = new SimulatedAnnealingScheduler(ev, SaParameters.DEFAULT).schedule(w, b);
      ScheduleResult ex = new ExactScheduler(ev).schedule(w, b);
      assertTrue(ex.feasible() && sa.feasible());
      double gap = (ex.totalUtility() - sa.totalUtility()) / Math.abs(ex.totalUtility());
      assertTrue(gap >= -1e-12 && gap <= 0.01, "gap " + gap + " on window " + i);
    }
  }

  @Test
  void shouldAnswerADegradedChoiceWhenNothingFits() {
    List<Task> w = work.window(StandardResolution.K2, 0);
    Budget impossible = new Budget(1e9, 1e9, 1.0);
    for (Scheduler s :
        List.of(
            new SimulatedAnnealingScheduler(ev, SaParameters.DEFAULT),
            new ExactScheduler(ev),
            new RandomScheduler(ev, 1),
            new OneTypeScheduler(ev),
            new WithoutSrScheduler(ev),
            new CogView3Scheduler(ev))) {
      ScheduleResult r = s.schedule(w, impossible);
      assertTrue(r.degraded(), s.name());
      assertFalse(r.feasible(), s.name());
      assertEquals(w.size(), r.assignments().size());
      assertTrue(r.violations(impossible) > 0);
      assertFalse(r.reason().isEmpty(), s.name());
    }
    // The degraded choice is the least loaded one: the largest scale, the fewest steps.
    ScheduleResult sa =
        new SimulatedAnnealingScheduler(ev, SaParameters.DEFAULT).schedule(w, impossible);
    assertEquals(10, sa.assignments().get(0).configuration().steps());
    assertTrue(sa.reason().contains("L0"), sa.reason());
  }

  @Test
  void shouldHandleAnEmptyWindowAndRefuseHugeExactWindows() {
    Budget b = Budget.forWindow(profile, 1, 1.0);
    ScheduleResult r =
        new SimulatedAnnealingScheduler(ev, SaParameters.DEFAULT).schedule(List.of(), b);
    assertTrue(r.feasible());
    assertEquals(0, r.totalUtility());
    List<Task> big = work.mixedWindow(0, ExactScheduler.MAX_USERS + 1);
    assertThrows(IllegalArgumentException.class, () -> new ExactScheduler(ev).schedule(big, b));
  }

  @Test
  void shouldScheduleLargeWindowsFeasibly() {
    List<Task> w = work.mixedWindow(1, 500);
    Budget b = Budget.forWindow(profile, w.size(), 1.0);
    ScheduleResult r = new SimulatedAnnealingScheduler(ev, SaParameters.DEFAULT).schedule(w, b);
    assertTrue(r.feasible());
    assertEquals(500, r.assignments().size());
  }
}
