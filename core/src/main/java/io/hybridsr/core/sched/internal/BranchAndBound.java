package io.hybridsr.core.sched.internal;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Exact maximisation of sum U_k under both budgets and the latency bound, by depth-first branch and
 * bound.
 *
 * <p>Per user it keeps only latency-feasible configurations not dominated by another (no lower
 * utility, no higher edge or device load), ordered by utility ({@link WindowTable#frontier()}), and
 * prunes a branch when the best utility still reachable (each remaining user at its best) cannot
 * beat the incumbent or when the smallest remaining loads no longer fit. Exponential in the worst
 * case: for windows up to about a dozen users.
 */
public final class BranchAndBound {
  private final WindowTable t;
  private final int[] order;
  private final int[][] options;
  private final double[] suffixBestUtility;
  private final double[] suffixMinEdge;
  private final double[] suffixMinDevice;
  private final double[][] suffixLagrangian;
  private final int[] current;

  /** Multipliers on the edge budget (utility per whole Cmax) tried for the Lagrangian bound. */
  private static final double[] MULTIPLIERS = {0.1, 0.2, 0.5, 1, 2, 3, 5, 8, 12, 20, 40};

  private int[] best;
  private double bestUtility;
  private long nodes;

  public BranchAndBound(WindowTable table) {
    this.t = table;
    int k = t.users;
    int[][] opts = t.frontier();
    Integer[] ord = new Integer[k];
    for (int u = 0; u < k; u++) {
      ord[u] = u;
    }
    // Users with the widest utility spread first: decisions that matter most are made early.
    Arrays.sort(ord, Comparator.comparingDouble((Integer u) -> -spread(opts[u], u)));
    order = new int[k];
    options = new int[k][];
    for (int i = 0; i < k; i++) {
      order[i] = ord[i];
      options[i] = opts[ord[i]];
    }
    suffixBestUtility = new double[k + 1];
    suffixMinEdge = new double[k + 1];
    suffixMinDevice = new double[k + 1];
    for (int i = k - 1; i >= 0; i--) {
      int u = order[i];
      double bu = Double.NEGATIVE_INFINITY;
      double me = Double.POSITIVE_INFINITY;
      double md = Double.POSITIVE_INFINITY;
      for (int c : options[i]) {
        int at = u * t.configs + c;
        bu = Math.max(bu, t.utility[at]);
        me = Math.min(me, t.edge[at]);
        md = Math.min(md, t.device[at]);
      }
      suffixBestUtility[i] = suffixBestUtility[i + 1] + bu;
      suffixMinEdge[i] = suffixMinEdge[i + 1] + me;
      suffixMinDevice[i] = suffixMinDevice[i + 1] + md;
    }
    suffixLagrangian = new double[MULTIPLIERS.length][k + 1];
    double scale = 1 / Math.max(t.edgeBudget, 1e-300);
    for (int m = 0; m < MULTIPLIERS.length; m++) {
      double mu = MULTIPLIERS[m] * scale;
      for (int i = k - 1; i >= 0; i--) {
        int u = order[i];
        double best = Double.NEGATIVE_INFINITY;
        for (int c : options[i]) {
          int at = u * t.configs + c;
          best = Math.max(best, t.utility[at] - mu * t.edge[at]);
        }
        suffixLagrangian[m][i] = suffixLagrangian[m][i + 1] + best;
      }
    }
    current = new int[k];
  }

  /**
   * Upper bound on the utility users i.. can still add with {@code edgeLeft} of the edge budget:
   * for any mu >= 0, sum_j max_c (u - mu e) + mu * edgeLeft (Lagrangian relaxation of (11)).
   */
  private double bound(int i, double edgeLeft) {
    double b = suffixBestUtility[i];
    double scale = 1 / Math.max(t.edgeBudget, 1e-300);
    for (int m = 0; m < MULTIPLIERS.length; m++) {
      b = Math.min(b, suffixLagrangian[m][i] + MULTIPLIERS[m] * scale * edgeLeft);
    }
    return b;
  }

  /**
   * The optimal choice (configuration index per user), or null when no choice is feasible.
   *
   * @param incumbent a feasible choice to start from (prunes more), or null
   */
  public int[] solve(int[] incumbent) {
    nodes = 0;
    best = null;
    bestUtility = Double.NEGATIVE_INFINITY;
    if (incumbent != null && t.feasible(incumbent)) {
      best = incumbent.clone();
      bestUtility = t.totalUtility(incumbent);
    }
    for (int[] o : options) {
      if (o.length == 0) {
        return null;
      }
    }
    dfs(0, 0, 0, 0);
    return best == null ? null : best.clone();
  }

  /** Nodes visited by the last {@link #solve}. */
  public long nodes() {
    return nodes;
  }

  private void dfs(int i, double u, double e, double d) {
    nodes++;
    if (i == t.users) {
      if (best == null || u > bestUtility) {
        bestUtility = u;
        int[] b = new int[t.users];
        for (int j = 0; j < t.users; j++) {
          b[order[j]] = current[j];
        }
        best = b;
      }
      return;
    }
    if (best != null && u + bound(i, t.edgeBudget - e) <= bestUtility + 1e-12) {
      return;
    }
    int user = order[i];
    for (int c : options[i]) {
      int at = user * t.configs + c;
      double nu = u + t.utility[at];
      if (best != null && nu + suffixBestUtility[i + 1] <= bestUtility + 1e-12) {
        break; // options are in descending utility: the rest cannot do better
      }
      double ne = e + t.edge[at];
      double nd = d + t.device[at];
      if (ne + suffixMinEdge[i + 1] > t.edgeBudget
          || nd + suffixMinDevice[i + 1] > t.deviceBudget) {
        continue;
      }
      current[i] = c;
      dfs(i + 1, nu, ne, nd);
    }
  }

  private double spread(int[] opts, int user) {
    double hi = Double.NEGATIVE_INFINITY;
    double lo = Double.POSITIVE_INFINITY;
    for (int c : opts) {
      double v = t.utility[user * t.configs + c];
      hi = Math.max(hi, v);
      lo = Math.min(lo, v);
    }
    return opts.length == 0 ? 0 : hi - lo;
  }
}
