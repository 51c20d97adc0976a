package io.hybridsr.core.sched;

import java.util.List;

/**
 * A scheduler's answer for one window.
 *
 * <p>{@code feasible} says whether every constraint (11)-(13) and T_k <= L0 holds; {@code degraded}
 * says the scheduler found no feasible assignment and returned its documented fallback, with {@code
 * reason} naming the constraint that could not be met.
 *
 * @param method the scheduler's name
 * @param assignments one per task, in the window's order
 * @param totalUtility sum of U_k
 * @param feasible all constraints hold
 * @param degraded a fallback answer, see reason
 * @param reason why the answer is degraded (empty when not)
 * @param iterations search moves or nodes examined
 * @param edgeLoad sum of xi1 + xi2
 * @param deviceLoad sum of xi3
 */
public record ScheduleResult(
    String method,
    List<Assignment> assignments,
    double totalUtility,
    boolean feasible,
    boolean degraded,
    String reason,
    long iterations,
    double edgeLoad,
    double deviceLoad) {

  public ScheduleResult {
    assignments = List.copyOf(assignments);
  }

  /** Builds a result, checking feasibility against the budget. */
  public static ScheduleResult of(
      String method,
      List<Assignment> assignments,
      Budget budget,
      boolean degraded,
      String reason,
      long iterations) {
    double u = 0;
    double edge = 0;
    double device = 0;
    boolean latencyOk = true;
    for (Assignment a : assignments) {
      u += a.utility();
      edge += a.edgeLoad();
      device += a.deviceLoad();
      latencyOk &= a.predicted().total() <= budget.latencyBoundSeconds() * (1 + 1e-12);
    }
    boolean feasible =
        latencyOk
            && edge <= budget.edgeFlops() * (1 + 1e-12)
            && device <= budget.deviceFlops() * (1 + 1e-12);
    return new ScheduleResult(
        method, assignments, u, feasible, degraded, reason, iterations, edge, device);
  }

  /** Constraint breaches: users over L0, plus one per budget exceeded. */
  public int violations(Budget budget) {
    int v = 0;
    for (Assignment a : assignments) {
      if (a.predicted().total() > budget.latencyBoundSeconds() * (1 + 1e-12)) {
        v++;
      }
    }
    if (edgeLoad > budget.edgeFlops() * (1 + 1e-12)) {
      v++;
    }
    if (deviceLoad > budget.deviceFlops() * (1 + 1e-12)) {
      v++;
    }
    return v;
  }
}
