package io.hybridsr.core.sched.internal;

import java.util.Locale;

/**
 * The documented answer when no feasible assignment exists: every user gets its least loaded
 * configuration that meets L0 (budget-weighted edge plus device load), or, when none meets L0, its
 * fastest one. This is the choice that comes closest to fitting the budgets, so the edge degrades
 * gracefully instead of queueing without bound.
 */
public final class DegradedChoice {
  private DegradedChoice() {}

  /** The degraded choice of configuration indices. */
  public static int[] choose(WindowTable t) {
    int[] choice = new int[t.users];
    for (int k = 0; k < t.users; k++) {
      int c = FeasibleStart.leastLoaded(t, k);
      choice[k] = c >= 0 ? c : fastest(t, k);
    }
    return choice;
  }

  /** Says which constraint the degraded choice breaks. */
  public static String reason(WindowTable t, int[] choice) {
    StringBuilder sb = new StringBuilder("no feasible assignment found;");
    double e = t.edgeLoad(choice);
    double d = t.deviceLoad(choice);
    int slow = 0;
    for (int k = 0; k < t.users; k++) {
      if (!t.latencyOk[k * t.configs + choice[k]]) {
        slow++;
      }
    }
    if (slow > 0) {
      sb.append(' ')
          .append(slow)
          .append(" user(s) exceed L0 even with their fastest configuration;");
    }
    if (e > t.edgeBudget) {
      sb.append(String.format(Locale.ROOT, " edge load %.3g FLOP > Cmax %.3g;", e, t.edgeBudget));
    }
    if (d > t.deviceBudget) {
      sb.append(
          String.format(Locale.ROOT, " device load %.3g FLOP > C'max %.3g;", d, t.deviceBudget));
    }
    sb.append(" degraded choice: least loaded configuration per user");
    return sb.toString();
  }

  private static int fastest(WindowTable t, int k) {
    int best = 0;
    for (int c = 1; c < t.configs; c++) {
      if (t.seconds(k, c) < t.seconds(k, best)) {
        best = c;
      }
    }
    return best;
  }
}
