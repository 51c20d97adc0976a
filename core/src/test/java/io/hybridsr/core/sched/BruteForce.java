package io.hybridsr.core.sched;

import io.hybridsr.core.task.Task;
import java.util.List;

/**
 * Test oracle: enumerates every joint configuration of a small window straight from the evaluator's
 * tables (no shared search code) and returns the best feasible total utility.
 */
final class BruteForce {
  private BruteForce() {}

  /** Best feasible sum of U, or NaN when no joint configuration is feasible. */
  static double best(List<Task> window, Budget budget, ConfigurationEvaluator ev) {
    int k = window.size();
    int n = ev.candidates().size();
    List<List<Evaluation>> rows =
        window.stream().map(t -> ev.table(t.targetWidth(), t.targetHeight())).toList();
    int[] idx = new int[k];
    double best = Double.NaN;
    while (true) {
      double u = 0;
      double e = 0;
      double d = 0;
      boolean ok = true;
      for (int i = 0; i < k && ok; i++) {
        Evaluation ev1 = rows.get(i).get(idx[i]);
        ok = ev1.seconds() <= budget.latencyBoundSeconds();
        u += ev1.utility(window.get(i).lambda());
        e += ev1.estimate().edgeLoad();
        d += ev1.estimate().deviceLoad();
      }
      if (ok && e <= budget.edgeFlops() && d <= budget.deviceFlops() && !(u <= best)) {
        best = u;
      }
      int pos = 0;
      while (pos < k && ++idx[pos] == n) {
        idx[pos++] = 0;
      }
      if (pos == k) {
        return best;
      }
    }
  }
}
