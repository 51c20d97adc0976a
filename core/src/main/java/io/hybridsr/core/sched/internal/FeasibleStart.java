package io.hybridsr.core.sched.internal;

/**
 * Finds a feasible choice to start a search from, or proves there is none (small windows).
 *
 * <p>Each user first takes its least loaded latency-feasible configuration (loads weighted by their
 * budgets); while a budget is exceeded, the single swap that most shrinks the overflow is applied.
 * If that gets stuck and the window is small, branch and bound decides.
 */
public final class FeasibleStart {
  /** Windows up to this size fall back to branch and bound when the greedy repair is stuck. */
  public static final int EXACT_FALLBACK_USERS = 14;

  private FeasibleStart() {}

  /** A feasible choice, or null when none was found (none exists if users <= 14). */
  public static int[] find(WindowTable t) {
    int[] choice = new int[t.users];
    for (int k = 0; k < t.users; k++) {
      int c = leastLoaded(t, k);
      if (c < 0) {
        return null; // no configuration of this user meets L0
      }
      choice[k] = c;
    }
    double e = t.edgeLoad(choice);
    double d = t.deviceLoad(choice);
    double overflow = overflow(t, e, d);
    while (overflow > 0) {
      int bestUser = -1;
      int bestConfig = -1;
      double bestOverflow = overflow;
      for (int k = 0; k < t.users; k++) {
        int cur = k * t.configs + choice[k];
        for (int c = 0; c < t.configs; c++) {
          int at = k * t.configs + c;
          if (!t.latencyOk[at]) {
            continue;
          }
          double o = overflow(t, e - t.edge[cur] + t.edge[at], d - t.device[cur] + t.device[at]);
          if (o < bestOverflow - 1e-15) {
            bestOverflow = o;
            bestUser = k;
            bestConfig = c;
          }
        }
      }
      if (bestUser < 0) {
        break;
      }
      int cur = bestUser * t.configs + choice[bestUser];
      int at = bestUser * t.configs + bestConfig;
      e += t.edge[at] - t.edge[cur];
      d += t.device[at] - t.device[cur];
      choice[bestUser] = bestConfig;
      overflow = bestOverflow;
    }
    if (t.feasible(choice)) {
      return choice;
    }
    if (t.users <= EXACT_FALLBACK_USERS) {
      return new BranchAndBound(t).solve(null);
    }
    return null;
  }

  /** The latency-feasible configuration with the smallest budget-weighted load, or -1. */
  public static int leastLoaded(WindowTable t, int k) {
    int best = -1;
    double bestLoad = Double.POSITIVE_INFINITY;
    for (int c = 0; c < t.configs; c++) {
      int at = k * t.configs + c;
      if (!t.latencyOk[at]) {
        continue;
      }
      double load = weighted(t, t.edge[at], t.device[at]);
      if (load < bestLoad) {
        bestLoad = load;
        best = c;
      }
    }
    return best;
  }

  static double weighted(WindowTable t, double e, double d) {
    return e / Math.max(t.edgeBudget, 1e-300) + d / Math.max(t.deviceBudget, 1e-300);
  }

  private static double overflow(WindowTable t, double e, double d) {
    return Math.max(0, e - t.edgeBudget) / Math.max(t.edgeBudget, 1e-300)
        + Math.max(0, d - t.deviceBudget) / Math.max(t.deviceBudget, 1e-300);
  }
}
