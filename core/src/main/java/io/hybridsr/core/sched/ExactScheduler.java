package io.hybridsr.core.sched;

import io.hybridsr.core.sched.internal.BranchAndBound;
import io.hybridsr.core.sched.internal.DegradedChoice;
import io.hybridsr.core.sched.internal.FeasibleStart;
import io.hybridsr.core.sched.internal.WindowTable;
import io.hybridsr.core.task.Task;
import java.util.List;

/**
 * The optimum of problem P by branch and bound, for windows up to {@link #MAX_USERS} users; used to
 * measure SA's optimality gap and by the baselines that tune over a restricted candidate set.
 *
 * <p>Warm-started from a short annealing run so pruning bites from the first node.
 */
public final class ExactScheduler implements Scheduler {
  /** Largest window accepted: the search is exponential in the worst case. */
  public static final int MAX_USERS = 16;

  private final ConfigurationEvaluator evaluator;
  private final String name;

  public ExactScheduler(ConfigurationEvaluator evaluator) {
    this(evaluator, "exact");
  }

  ExactScheduler(ConfigurationEvaluator evaluator, String name) {
    this.evaluator = evaluator;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ScheduleResult schedule(List<Task> window, Budget budget) {
    if (window.size() > MAX_USERS) {
      throw new IllegalArgumentException(
          "exact scheduling takes at most "
              + MAX_USERS
              + " users but the window has "
              + window.size());
    }
    WindowTable t = new WindowTable(window, budget, evaluator);
    BranchAndBound bb = new BranchAndBound(t);
    int[] warm = null;
    int[] start = FeasibleStart.find(t);
    if (start != null) {
      warm = SimulatedAnnealingScheduler.anneal(t, start, SaParameters.DEFAULT, new long[1]);
    }
    int[] best = bb.solve(warm);
    if (best == null) {
      int[] d = DegradedChoice.choose(t);
      return ScheduleResult.of(
          name, t.assignments(d), budget, true, DegradedChoice.reason(t, d), bb.nodes());
    }
    return ScheduleResult.of(name, t.assignments(best), budget, false, "", bb.nodes());
  }
}
