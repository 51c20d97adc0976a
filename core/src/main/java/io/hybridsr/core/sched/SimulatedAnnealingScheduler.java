package io.hybridsr.core.sched;

import io.hybridsr.core.sched.internal.DegradedChoice;
import io.hybridsr.core.sched.internal.FeasibleStart;
import io.hybridsr.core.sched.internal.LagrangianStart;
import io.hybridsr.core.sched.internal.WindowTable;
import io.hybridsr.core.task.Task;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The paper's configuration selection, Algorithm 1: simulated annealing over the joint
 * configuration of the window's K users.
 *
 * <p>A neighbour changes one user's S or D (to another candidate value); neighbours that break L0
 * or a budget are rejected (the paper checks L0; we also check (11) and (12) so the answer is
 * always feasible). Improvements are accepted, a loss dU < 0 with probability exp(dU / T) (the
 * paper prints exp(-dU/T) with dU < 0, which would exceed 1). Per-user tables make a move O(1). The
 * search starts from a feasible choice (the Lagrangian price start, {@link LagrangianStart}, else
 * {@link FeasibleStart}), keeps the best choice seen, and optionally ends with hill climbing over
 * single-user and (windows up to 64 users) two-user changes. {@link SaParameters#restarts()}
 * independent chains run from the same start and the best answer wins.
 *
 * <pre>{@code
 * Scheduler sa = new SimulatedAnnealingScheduler(ConfigurationEvaluator.forProfile(p), SaParameters.DEFAULT);
 * ScheduleResult r = sa.schedule(window, Budget.forWindow(p, window.size(), 1.0));
 * }</pre>
 */
public final class SimulatedAnnealingScheduler implements Scheduler {
  private final ConfigurationEvaluator evaluator;
  private final SaParameters params;

  public SimulatedAnnealingScheduler(ConfigurationEvaluator evaluator, SaParameters params) {
    this.evaluator = evaluator;
    this.params = params;
  }

  @Override
  public String name() {
    return "sa";
  }

  @Override
  public ScheduleResult schedule(List<Task> window, Budget budget) {
    WindowTable t = new WindowTable(window, budget, evaluator);
    int[] start = LagrangianStart.find(t);
    if (start == null) {
      start = FeasibleStart.find(t);
    }
    if (start == null) {
      int[] d = DegradedChoice.choose(t);
      return ScheduleResult.of(
          name(), t.assignments(d), budget, true, DegradedChoice.reason(t, d), 0);
    }
    long[] iterations = new long[1];
    int[] best = anneal(t, start, params, iterations);
    // Independent chains from the same start (seeds seed, seed+1, ...): the best one wins.
    for (int r = 1; r < params.restarts(); r++) {
      long[] more = new long[1];
      int[] other = anneal(t, start, params.withSeed(params.seed() + r), more);
      iterations[0] += more[0];
      if (t.totalUtility(other) > t.totalUtility(best)) {
        best = other;
      }
    }
    return ScheduleResult.of(name(), t.assignments(best), budget, false, "", iterations[0]);
  }

  /** Runs Algorithm 1 from a feasible start; returns the best feasible choice found. */
  static int[] anneal(WindowTable t, int[] start, SaParameters p, long[] iterations) {
    int k = t.users;
    int nc = t.configs;
    int ns = t.scales;
    int nd = t.steps;
    int[] cur = start.clone();
    int[] best = start.clone();
    double curEdge = t.edgeLoad(cur);
    double curDevice = t.deviceLoad(cur);
    double curU = t.totalUtility(cur);
    double bestU = curU;
    long moves = 0;
    if (k > 0 && nc > 1) {
      SplittableRandom rnd = new SplittableRandom(p.seed());
      int limit = p.iterationsPerTemperature(k);
      int[] scaleOf = new int[nc];
      int[] stepOf = new int[nc];
      for (int c = 0; c < nc; c++) {
        scaleOf[c] = c / nd;
        stepOf[c] = c % nd;
      }
      for (double temp = p.initialTemperature();
          temp > p.minTemperature();
          temp *= p.coolingFactor()) {
        int accepted = 0;
        for (int it = 0; it < limit; it++) {
          moves++;
          // One draw per move (the move is most of the scheduler's time): its high 32 bits pick
          // the user, bit 0 whether S or D changes, bits 1-31 the new value (multiply-shift, no
          // division).
          long bits = rnd.nextLong();
          int u = (int) (((bits >>> 32) * k) >>> 32);
          long low = (bits >>> 1) & 0x7FFFFFFFL;
          int c = cur[u];
          int si = scaleOf[c];
          int di = stepOf[c];
          int next;
          if (ns > 1 && (nd == 1 || (bits & 1) == 0)) {
            int s = (int) ((low * (ns - 1)) >>> 31);
            next = (s >= si ? s + 1 : s) * nd + di;
          } else {
            int d = (int) ((low * (nd - 1)) >>> 31);
            next = si * nd + (d >= di ? d + 1 : d);
          }
          int from = u * nc + c;
          int to = u * nc + next;
          if (!t.latencyOk[to]) {
            continue;
          }
          double e = curEdge - t.edge[from] + t.edge[to];
          double d = curDevice - t.device[from] + t.device[to];
          if (e > t.edgeBudget || d > t.deviceBudget) {
            continue;
          }
          double du = t.utility[to] - t.utility[from];
          // A loss is taken with probability exp(du / T); below exp(-40) (4e-18) it never is,
          // so exp is skipped there, which is most losses at low temperatures.
          if (du > 0 || (du > -40 * temp && rnd.nextDouble() < Math.exp(du / temp))) {
            cur[u] = next;
            curEdge = e;
            curDevice = d;
            curU += du;
            accepted++;
          }
        }
        if (curU > bestU) {
          bestU = curU;
          System.arraycopy(cur, 0, best, 0, k);
        }
        if (accepted == 0) {
          // Frozen: a whole temperature took no move, so colder ones would take only gains,
          // which the polish below finds without drawing for them.
          break;
        }
      }
    }
    if (p.polish()) {
      moves += polish(t, best);
      if (k <= PAIR_POLISH_MAX_USERS) {
        long[] evaluated = new long[1];
        for (int round = 0; round < 20 && pairExchange(t, best, evaluated); round++) {
          moves += polish(t, best);
        }
        moves += evaluated[0];
      }
    }
    iterations[0] = moves;
    return best;
  }

  /** Windows up to this size also get the two-user exchange polish (O(K^2 |C|^2) a pass). */
  public static final int PAIR_POLISH_MAX_USERS = 64;

  /** Hill climbing: apply the best single-user improvement until none is left. */
  static long polish(WindowTable t, int[] choice) {
    int nc = t.configs;
    double e = t.edgeLoad(choice);
    double d = t.deviceLoad(choice);
    long evaluated = 0;
    boolean improved = true;
    for (int pass = 0; improved && pass < 50; pass++) {
      improved = false;
      for (int u = 0; u < t.users; u++) {
        int from = u * nc + choice[u];
        int bestC = -1;
        double bestGain = 1e-12;
        for (int c = 0; c < nc; c++) {
          int to = u * nc + c;
          evaluated++;
          double gain = t.utility[to] - t.utility[from];
          if (gain > bestGain
              && t.latencyOk[to]
              && e - t.edge[from] + t.edge[to] <= t.edgeBudget
              && d - t.device[from] + t.device[to] <= t.deviceBudget) {
            bestGain = gain;
            bestC = c;
          }
        }
        if (bestC >= 0) {
          int to = u * nc + bestC;
          e += t.edge[to] - t.edge[from];
          d += t.device[to] - t.device[from];
          choice[u] = bestC;
          improved = true;
        }
      }
    }
    return evaluated;
  }

  /**
   * One pass of two-user exchanges: for each pair, the best joint change of both users that keeps
   * the budgets. Under a binding budget single-user moves cannot move load from one user to another
   * without passing an infeasible state; this closes that gap. Returns true if improved.
   *
   * <p>Only each user's {@link WindowTable#frontier()} is tried: a configuration another beats on
   * utility without more load never makes the best exchange. Both lists run from the highest
   * utility down, so for each of a's configurations the first of b's that fits is b's best, and a's
   * loop stops once even b's best could not beat the best exchange found.
   */
  static boolean pairExchange(WindowTable t, int[] choice, long[] evaluated) {
    int nc = t.configs;
    int[][] frontier = t.frontier();
    double e = t.edgeLoad(choice);
    double d = t.deviceLoad(choice);
    boolean improved = false;
    for (int a = 0; a < t.users; a++) {
      for (int b = a + 1; b < t.users; b++) {
        int[] fa = frontier[a];
        int[] fb = frontier[b];
        if (fa.length == 0 || fb.length == 0) {
          continue;
        }
        int from = a * nc + choice[a];
        int fromB = b * nc + choice[b];
        double baseE = e - t.edge[from] - t.edge[fromB];
        double baseD = d - t.device[from] - t.device[fromB];
        double now = t.utility[from] + t.utility[fromB];
        double bestOfB = t.utility[b * nc + fb[0]];
        double bestGain = 1e-12;
        int bestA = -1;
        int bestB = -1;
        for (int ca : fa) {
          int ta = a * nc + ca;
          if (t.utility[ta] + bestOfB - now <= bestGain) {
            break;
          }
          double ea = baseE + t.edge[ta];
          double da = baseD + t.device[ta];
          if (ea > t.edgeBudget || da > t.deviceBudget) {
            continue;
          }
          for (int cb : fb) {
            int tb = b * nc + cb;
            evaluated[0]++;
            if (ea + t.edge[tb] <= t.edgeBudget && da + t.device[tb] <= t.deviceBudget) {
              double gain = t.utility[ta] + t.utility[tb] - now;
              if (gain > bestGain) {
                bestGain = gain;
                bestA = ca;
                bestB = cb;
              }
              break;
            }
          }
        }
        if (bestA >= 0) {
          int ta = a * nc + bestA;
          int tb = b * nc + bestB;
          e = baseE + t.edge[ta] + t.edge[tb];
          d = baseD + t.device[ta] + t.device[tb];
          choice[a] = bestA;
          choice[b] = bestB;
          improved = true;
        }
      }
    }
    return improved;
  }
}
