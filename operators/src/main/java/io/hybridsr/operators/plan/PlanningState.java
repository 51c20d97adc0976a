package io.hybridsr.operators.plan;

import io.hybridsr.core.stage.Backlog;
import io.hybridsr.core.stage.LearnedSpeeds;
import io.hybridsr.core.stage.ScaleLearner;

/**
 * What one edge's planner keeps between windows, in checkpointed keyed state: the speeds learned
 * from measurements and the work planned and not yet done. A restart restores both.
 */
public class PlanningState {
  public LearnedSpeeds learned = new LearnedSpeeds();
  public Backlog backlog = new Backlog();

  /**
   * A task's time outside its stages and its window wait (operator and topic hops, encoding),
   * learned as seconds (a scale on 1 s) from completed tasks' outcomes.
   */
  public ScaleLearner handoff = new ScaleLearner();

  /**
   * Completed tasks' measured T over the T predicted when they were planned: the median of the last
   * {@link ScaleLearner#WINDOW}. What the stage models miss as a whole (under load, mostly the
   * devices' queues) shows here first.
   */
  public ScaleLearner totalRatio = new ScaleLearner();

  /** Completed tasks needed before {@link #admissionFactor} moves from 1. */
  public static final int MIN_TOTAL_SAMPLES = 3;

  /**
   * How much longer than predicted tasks have recently taken, at least 1: admission and the
   * schedule's latency bound are tightened by it, never loosened (SEDA's overload control: admit on
   * measured response times, not on the model alone).
   */
  public double admissionFactor() {
    return totalRatio.samples() >= MIN_TOTAL_SAMPLES ? Math.max(1, totalRatio.scale()) : 1;
  }

  /** The learned hand-off time, seconds; 0 before the first completed task. */
  public double handoffSeconds() {
    return handoff.samples() > 0 ? handoff.scale() : 0;
  }

  /** Mean gap between arriving tasks at this edge, seconds (EWMA; 0 before two windows). */
  public double meanGapSeconds;

  /** When the last window was planned, ms since the epoch (0 before the first). */
  public long lastWindowMs;

  /** Folds a window of {@code n} tasks planned at {@code nowMs} into the arrival gap. */
  public void arrived(int n, long nowMs) {
    if (lastWindowMs > 0 && n > 0) {
      double gap = Math.max(0, nowMs - lastWindowMs) / 1e3 / n;
      meanGapSeconds = meanGapSeconds == 0 ? gap : 0.8 * meanGapSeconds + 0.2 * gap;
    }
    lastWindowMs = nowMs;
  }

  public PlanningState() {}
}
