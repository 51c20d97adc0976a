package io.hybridsr.core.sched.internal;

import io.hybridsr.core.config.CandidateSets;
import io.hybridsr.core.sched.Assignment;
import io.hybridsr.core.sched.Budget;
import io.hybridsr.core.sched.ConfigurationEvaluator;
import io.hybridsr.core.sched.Evaluation;
import io.hybridsr.core.task.Task;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-user, per-configuration utilities, loads and latency feasibility in flat arrays (index {@code
 * user * configs + config}), so a search move costs O(1).
 */
public final class WindowTable {
  public final int users;
  public final int configs;
  public final int scales;
  public final int steps;
  public final double[] utility;
  public final double[] edge;
  public final double[] device;

  /** T_k <= L0 for this user and configuration. */
  public final boolean[] latencyOk;

  public final double edgeBudget;
  public final double deviceBudget;

  private final List<Task> window;
  private final List<List<Evaluation>> rows;
  private int[][] frontier;

  public WindowTable(List<Task> window, Budget budget, ConfigurationEvaluator evaluator) {
    CandidateSets c = evaluator.candidates();
    this.window = window;
    this.users = window.size();
    this.configs = c.size();
    this.scales = c.scales().size();
    this.steps = c.steps().size();
    this.utility = new double[users * configs];
    this.edge = new double[users * configs];
    this.device = new double[users * configs];
    this.latencyOk = new boolean[users * configs];
    this.edgeBudget = budget.edgeFlops();
    this.deviceBudget = budget.deviceFlops();
    this.rows = new ArrayList<>(users);
    double l0 = budget.latencyBoundSeconds();
    for (int k = 0; k < users; k++) {
      Task t = window.get(k);
      List<Evaluation> row = evaluator.table(t);
      rows.add(row);
      for (int i = 0; i < configs; i++) {
        Evaluation e = row.get(i);
        int at = k * configs + i;
        utility[at] = e.utility(t.lambda());
        edge[at] = e.estimate().edgeLoad();
        device[at] = e.estimate().deviceLoad();
        latencyOk[at] = e.seconds() <= l0;
      }
    }
  }

  /** True when the choice meets both budgets and every user's latency bound. */
  public boolean feasible(int[] choice) {
    double e = 0;
    double d = 0;
    for (int k = 0; k < users; k++) {
      int at = k * configs + choice[k];
      if (!latencyOk[at]) {
        return false;
      }
      e += edge[at];
      d += device[at];
    }
    return e <= edgeBudget && d <= deviceBudget;
  }

  /** The summed edge load (FLOP) of a choice, to compare with {@link #edgeBudget}. */
  public double edgeLoad(int[] choice) {
    return sum(edge, choice);
  }

  /** The summed device load (FLOP) of a choice, to compare with {@link #deviceBudget}. */
  public double deviceLoad(int[] choice) {
    return sum(device, choice);
  }

  private double sum(double[] perUserConfig, int[] choice) {
    double s = 0;
    for (int k = 0; k < users; k++) {
      s += perUserConfig[k * configs + choice[k]];
    }
    return s;
  }

  public double totalUtility(int[] choice) {
    return sum(utility, choice);
  }

  /** The assignments for a choice of configuration indices. */
  public List<Assignment> assignments(int[] choice) {
    List<Assignment> out = new ArrayList<>(users);
    for (int k = 0; k < users; k++) {
      out.add(Assignment.of(window.get(k), rows.get(k).get(choice[k])));
    }
    return out;
  }

  /**
   * Per user, the configurations worth trying in an exchange: those meeting L0 that no other such
   * configuration beats, i.e. none has at least their utility with no more edge and device load (of
   * exact equals, the lowest index stays). Ordered by utility, highest first, so the first that
   * fits a remaining budget is the best that does. Built on first use.
   */
  public int[][] frontier() {
    if (frontier == null) {
      int[][] f = new int[users][];
      for (int k = 0; k < users; k++) {
        f[k] = frontierOf(k);
      }
      frontier = f;
    }
    return frontier;
  }

  private int[] frontierOf(int k) {
    int base = k * configs;
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < configs; i++) {
      if (latencyOk[base + i] && !dominated(base, i)) {
        kept.add(i);
      }
    }
    kept.sort(
        (a, b) -> {
          int byUtility = Double.compare(utility[base + b], utility[base + a]);
          return byUtility != 0 ? byUtility : Integer.compare(a, b);
        });
    return kept.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Whether another configuration meeting L0 is at least as good as i on all three counts. */
  private boolean dominated(int base, int i) {
    double u = utility[base + i];
    double e = edge[base + i];
    double d = device[base + i];
    for (int j = 0; j < configs; j++) {
      int at = base + j;
      if (j == i || !latencyOk[at] || utility[at] < u || edge[at] > e || device[at] > d) {
        continue;
      }
      boolean equal = utility[at] == u && edge[at] == e && device[at] == d;
      if (!equal || j < i) {
        return true;
      }
    }
    return false;
  }

  /** Seconds T_k of user k under configuration i. */
  public double seconds(int k, int i) {
    return rows.get(k).get(i).seconds();
  }
}
