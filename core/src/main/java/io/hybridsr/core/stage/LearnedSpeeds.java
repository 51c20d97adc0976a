package io.hybridsr.core.stage;

import java.util.HashMap;
import java.util.Map;

/**
 * What the running job has learned about its runners' speeds: one {@link ScaleLearner} per stage,
 * runner and site (the edge, or each device), and one per stage and runner over all sites, which a
 * site uses until it has measurements of its own (a new device starts from its peers).
 *
 * <p>Bounded: at most {@link #MAX_ENTRIES} learners; the longest idle one is dropped first. Plain
 * public fields, so Flink keeps it in checkpointed keyed state as a POJO.
 */
public final class LearnedSpeeds implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Learners kept at most (sites x stages): thousands of devices per edge fit. */
  public static final int MAX_ENTRIES = 8192;

  /** Learners by {@code stage|runner|site}; {@code site} is {@code *} for the runner-wide one. */
  public HashMap<String, ScaleLearner> learners = new HashMap<>();

  public LearnedSpeeds() {}

  private static String key(Stage s, String runner, String site) {
    return learnedAs(s) + "|" + runner + "|" + site;
  }

  /**
   * The two link stages are one link: what is learned of its speed from the background patches
   * (every task sends some) holds for the foreground ones too, so they share one learner.
   */
  private static String learnedAs(Stage s) {
    return s == Stage.LINK_FG || s == Stage.LINK_BG ? "link" : s.key();
  }

  /** Adds one measurement (seconds) of {@code stage} on {@code runner} at {@code site}. */
  public void add(
      Stage stage,
      String runner,
      String site,
      double measuredSeconds,
      double modelSeconds,
      long nowMs) {
    if (!(modelSeconds > 0) || !(measuredSeconds > 0)) {
      return;
    }
    learner(key(stage, runner, site), nowMs).add(measuredSeconds, modelSeconds, nowMs);
    learner(key(stage, runner, "*"), nowMs).add(measuredSeconds, modelSeconds, nowMs);
  }

  private boolean isKnown(Stage stage, String runner, String site) {
    return samples(stage, runner, site) > 0 || samples(stage, runner, "*") > 0;
  }

  private ScaleLearner learner(String key, long nowMs) {
    ScaleLearner l = learners.get(key);
    if (l == null) {
      if (learners.size() >= MAX_ENTRIES) {
        evictIdlest();
      }
      l = new ScaleLearner();
      l.lastUpdateMs = nowMs;
      learners.put(key, l);
    }
    return l;
  }

  private void evictIdlest() {
    String idlest = null;
    long oldest = Long.MAX_VALUE;
    for (Map.Entry<String, ScaleLearner> e : learners.entrySet()) {
      if (!e.getKey().contains("|*") && e.getValue().lastUpdateMs < oldest) {
        oldest = e.getValue().lastUpdateMs;
        idlest = e.getKey();
      }
    }
    learners.remove(idlest != null ? idlest : learners.keySet().iterator().next());
  }

  /** Measurements of overlapped runs the contention factor needs before it is used (fewer: 1). */
  public static final int MIN_CONTENTION_SAMPLES = 3;

  /** Overlap below which a run says too little about contention to learn it from. */
  public static final double MIN_LEARNING_OVERLAP = 0.25;

  private static String contentionKey(Stage s, String runner) {
    return learnedAs(s) + "|" + runner + "|*|contention";
  }

  /**
   * Adds one measurement of a runner that shares CPUs, taken with {@code overlap} other runners
   * planned computing beside it ({@link Backlog.Contention}). Two things are learned from it: the
   * runner's speed alone (the measurement over the contention predicted for it) and, from runs
   * overlapped enough, how much slower it runs with one other runner beside it all along (over all
   * sites: contention is the host's).
   */
  public void addShared(
      Stage stage,
      String runner,
      String site,
      double measuredSeconds,
      double modelSeconds,
      double overlap,
      long nowMs) {
    if (!(modelSeconds > 0) || !(measuredSeconds > 0) || !(overlap >= 0)) {
      return;
    }
    if (overlap >= MIN_LEARNING_OVERLAP && isKnown(stage, runner, site)) {
      // What one full overlap costs, if this run's excess over the speed alone came from it.
      double alone = modelSeconds * scale(stage, runner, site);
      double full = 1 + (measuredSeconds / alone - 1) / overlap;
      learner(contentionKey(stage, runner), nowMs)
          .add(Math.min(MAX_CONTENTION, Math.max(MIN_CONTENTION, full)), 1, nowMs);
    }
    add(
        stage,
        runner,
        site,
        measuredSeconds / contentionFactor(stage, runner, overlap),
        modelSeconds,
        nowMs);
  }

  /** The learned slowdown of one full overlap is kept within these (a run's noise can say more). */
  private static final double MIN_CONTENTION = 0.5;

  private static final double MAX_CONTENTION = 4;

  /**
   * How much slower {@code stage} on {@code runner} runs with {@code overlap} other runners
   * computing beside it than alone: 1 + overlap x (the learned slowdown of one full overlap - 1); 1
   * until that has {@link #MIN_CONTENTION_SAMPLES}.
   */
  public double contentionFactor(Stage stage, String runner, double overlap) {
    return contentionFactor(stage, runner, overlap, 1);
  }

  /**
   * As {@link #contentionFactor(Stage, String, double)}, with {@code prior} as the slowdown of one
   * full overlap until {@link #MIN_CONTENTION_SAMPLES} are seen. The prior only predicts: the speed
   * alone is still learned as if there were none until then, so a prior that is wrong is not
   * confirmed by the speed it would have made (measured / prior) and is replaced once learned.
   */
  public double contentionFactor(Stage stage, String runner, double overlap, double prior) {
    if (!(overlap > 0)) {
      return 1;
    }
    ScaleLearner l = learners.get(contentionKey(stage, runner));
    double full = l == null || l.samples() < MIN_CONTENTION_SAMPLES ? prior : l.scale();
    return Math.max(0.1, 1 + overlap * (full - 1));
  }

  /** The factor for {@code stage} on {@code runner} at {@code site}: its own, its peers', or 1. */
  public double scale(Stage stage, String runner, String site) {
    ScaleLearner own = learners.get(key(stage, runner, site));
    if (own != null && own.samples() > 0) {
      return own.scale();
    }
    ScaleLearner all = learners.get(key(stage, runner, "*"));
    return all != null && all.samples() > 0 ? all.scale() : 1;
  }

  /** Measurements seen for {@code stage} on {@code runner} at {@code site}. */
  public long samples(Stage stage, String runner, String site) {
    ScaleLearner l = learners.get(key(stage, runner, site));
    return l == null ? 0 : l.samples();
  }
}
