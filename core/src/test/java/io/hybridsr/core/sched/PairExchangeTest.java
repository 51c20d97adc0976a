package io.hybridsr.core.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.sched.internal.FeasibleStart;
import io.hybridsr.core.sched.internal.WindowTable;
import io.hybridsr.core.task.Task;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The two-user exchange searches only each user's frontier and stops early; on two users one pass
 * from any feasible choice must still reach the exact optimum, which a full scan would.
 */
class PairExchangeTest {
  private static final Profile PROFILE = Profile.defaultProfile();
  private static final ConfigurationEvaluator EV = ConfigurationEvaluator.forProfile(PROFILE);

  record Pair(List<Task> window, Budget budget) {}

  @Provide
  Arbitrary<Pair> pairs() {
    Arbitrary<Task> task = RandomTasks.tasks();
    return Combinators.combine(
            task.list().ofSize(2),
            Arbitraries.doubles().between(0.05, 1.5),
            Arbitraries.doubles().between(0.05, 1.2),
            Arbitraries.doubles().between(15, 90))
        .as(
            (w, ef, df, l0) -> {
              Budget full = Budget.forWindow(PROFILE, 2, 1.0);
              return new Pair(w, new Budget(full.edgeFlops() * ef, full.deviceFlops() * df, l0));
            });
  }

  @Property(tries = 300)
  void onePassOnTwoUsersReachesTheOptimum(@ForAll("pairs") Pair p) {
    WindowTable t = new WindowTable(p.window(), p.budget(), EV);
    int[] choice = FeasibleStart.find(t);
    if (choice == null) {
      return;
    }
    ScheduleResult exact = new ExactScheduler(EV).schedule(p.window(), p.budget());
    SimulatedAnnealingScheduler.pairExchange(t, choice, new long[1]);
    assertTrue(t.feasible(choice), "the exchange left the budgets or L0");
    assertEquals(exact.totalUtility(), t.totalUtility(choice), 1e-9);
  }

  @Property(tries = 200)
  void theFrontierKeepsEveryUndominatedConfigurationInUtilityOrder(@ForAll("pairs") Pair p) {
    WindowTable t = new WindowTable(p.window(), p.budget(), EV);
    int[][] f = t.frontier();
    for (int k = 0; k < t.users; k++) {
      int base = k * t.configs;
      for (int i = 1; i < f[k].length; i++) {
        assertTrue(t.utility[base + f[k][i - 1]] >= t.utility[base + f[k][i]]);
      }
      for (int c = 0; c < t.configs; c++) {
        if (!t.latencyOk[base + c]) {
          continue;
        }
        boolean covered = false;
        for (int kept : f[k]) {
          int at = base + kept;
          covered |=
              t.utility[at] >= t.utility[base + c]
                  && t.edge[at] <= t.edge[base + c]
                  && t.device[at] <= t.device[base + c];
        }
        assertTrue(
            covered, "configuration " + c + " of user " + k + " has no equal on the frontier");
      }
    }
  }
}
