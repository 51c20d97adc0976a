package io.hybridsr.core.sched;

import io.hybridsr.core.sched.internal.DegradedChoice;
import io.hybridsr.core.sched.internal.FeasibleStart;
import io.hybridsr.core.sched.internal.WindowTable;
import io.hybridsr.core.task.Task;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The paper's "Random" baseline: every user gets a random generation resolution (S) and number of
 * steps (D).
 *
 * <p>Draws uniformly among each user's configurations that meet L0 until the window fits the
 * budgets ({@link #ATTEMPTS} tries), then falls back to the least loaded feasible choice, so it
 * honours the constraints like every scheduler. Seeded: a window's draws depend on the seed and its
 * task ids only.
 */
public final class RandomScheduler implements Scheduler {
  /** Random draws per window before falling back to the least loaded feasible choice. */
  public static final int ATTEMPTS = 64;

  private final ConfigurationEvaluator evaluator;
  private final long seed;

  public RandomScheduler(ConfigurationEvaluator evaluator, long seed) {
    this.evaluator = evaluator;
    this.seed = seed;
  }

  @Override
  public String name() {
    return "random";
  }

  @Override
  public ScheduleResult schedule(List<Task> window, Budget budget) {
    WindowTable t = new WindowTable(window, budget, evaluator);
    long s = seed;
    for (Task task : window) {
      s = s * 31 + task.taskId().hashCode();
    }
    SplittableRandom rnd = new SplittableRandom(s);
    int[] choice = new int[t.users];
    int[] okCount = new int[t.users];
    for (int k = 0; k < t.users; k++) {
      for (int c = 0; c < t.configs; c++) {
        okCount[k] += t.latencyOk[k * t.configs + c] ? 1 : 0;
      }
    }
    boolean anyUserStuck = false;
    for (int n : okCount) {
      anyUserStuck |= n == 0;
    }
    if (!anyUserStuck) {
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        for (int k = 0; k < t.users; k++) {
          int pick = rnd.nextInt(okCount[k]);
          for (int c = 0; c < t.configs; c++) {
            if (t.latencyOk[k * t.configs + c] && pick-- == 0) {
              choice[k] = c;
              break;
            }
          }
        }
        if (t.feasible(choice)) {
          return ScheduleResult.of(name(), t.assignments(choice), budget, false, "", attempt);
        }
      }
    }
    int[] start = FeasibleStart.find(t);
    if (start != null) {
      return ScheduleResult.of(name(), t.assignments(start), budget, false, "", ATTEMPTS);
    }
    int[] d = DegradedChoice.choose(t);
    return ScheduleResult.of(
        name(), t.assignments(d), budget, true, DegradedChoice.reason(t, d), ATTEMPTS);
  }
}
