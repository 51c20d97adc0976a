package io.hybridsr.core.sched.internal;

/**
 * A good feasible start from the Lagrangian relaxation of the edge budget (11): for a price mu on
 * edge load, each user independently takes the configuration maximising U - mu * load / Cmax; of
 * the prices tried, the feasible outcome with the highest utility wins.
 *
 * <p>For a budget shared by many users this lands near the optimum's boundary in O(prices x K x
 * |C|), which annealing would otherwise have to find by single-user moves that cannot cross
 * infeasible states.
 */
public final class LagrangianStart {
  /** Prices tried, in utility per whole edge budget. */
  private static final double[] PRICES = {
    0, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6.5, 8, 10, 12, 16, 20, 30,
    40, 60
  };

  private LagrangianStart() {}

  /** The best feasible choice over the prices, or null when none is feasible. */
  public static int[] find(WindowTable t) {
    int[] best = null;
    double bestU = Double.NEGATIVE_INFINITY;
    int[] choice = new int[t.users];
    double scale = 1 / Math.max(t.edgeBudget, 1e-300);
    for (double price : PRICES) {
      double mu = price * scale;
      boolean complete = true;
      for (int k = 0; k < t.users && complete; k++) {
        int arg = -1;
        double v = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < t.configs; c++) {
          int at = k * t.configs + c;
          if (t.latencyOk[at]) {
            double w = t.utility[at] - mu * t.edge[at];
            if (w > v) {
              v = w;
              arg = c;
            }
          }
        }
        complete = arg >= 0;
        choice[k] = arg;
      }
      if (!complete) {
        return null;
      }
      if (t.feasible(choice)) {
        double u = t.totalUtility(choice);
        if (u > bestU) {
          bestU = u;
          best = choice.clone();
        }
      }
    }
    return best;
  }
}
