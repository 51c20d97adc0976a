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
    double sized = modelSeconds;
    if (sizeClassed(stage)) {
      // The level learns from measurements of every size brought to one (the size's correction
      // applied), the size's correction against the level: each explains what the other leaves.
      sized = modelSeconds * sizeCorrection(stage, runner, modelSeconds);
      if (isKnown(stage, runner, site)) {
        learner(classKey(stage, runner, modelSeconds), nowMs)
            .add(measuredSeconds, modelSeconds * scale(stage, runner, site), nowMs);
      }
    }
    learner(key(stage, runner, site), nowMs).add(measuredSeconds, sized, nowMs);
    learner(key(stage, runner, "*"), nowMs).add(measuredSeconds, sized, nowMs);
  }

  /** Measurements of one size class its correction needs before it is used (fewer: 1). */
  public static final int MIN_CLASS_SAMPLES = 3;

  /** Size classes are this factor wide in calibrated seconds. */
  private static final double CLASS_WIDTH = 1.5;

  /**
   * Network stages whose calibrated shape (cost per unit) can be off across sizes: measured in the
   * demo, the stand-in generation took 1.7x its calibrated time at 640x384 and 2.1x at 1280x704, so
   * one factor per runner missed both by 10%. Links are bytes over a rate and need no classes.
   */
  private static boolean sizeClassed(Stage stage) {
    return stage == Stage.GENERATION || stage == Stage.EDGE_SR || stage == Stage.DEVICE_SR;
  }

  private static String classKey(Stage s, String runner, double modelSeconds) {
    long c = (long) Math.floor(Math.log(modelSeconds) / Math.log(CLASS_WIDTH));
    return learnedAs(s) + "|" + runner + "|*|c" + c;
  }

  private boolean isKnown(Stage stage, String runner, String site) {
    return samples(stage, runner, site) > 0 || samples(stage, runner, "*") > 0;
  }

  /**
   * The factor for work of {@code modelSeconds} calibrated seconds of {@code stage} on {@code
   * runner} at {@code site}: its {@link #scale(Stage, String, String) level} times how far work of
   * that size has run from the level (learned per runner over all sites, once its size class has
   * {@link #MIN_CLASS_SAMPLES}). The level follows a site that slows down within a few
   * measurements; the size's correction, relative to it, stays.
   */
  public double scale(Stage stage, String runner, String site, double modelSeconds) {
    double level = scale(stage, runner, site);
    return sizeClassed(stage) ? level * sizeCorrection(stage, runner, modelSeconds) : level;
  }

  private double sizeCorrection(Stage stage, String runner, double modelSeconds) {
    if (!(modelSeconds > 0)) {
      return 1;
    }
    ScaleLearner c = learners.get(classKey(stage, runner, modelSeconds));
    return c == null || c.samples() < MIN_CLASS_SAMPLES ? 1 : c.scale();
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
      double alone = modelSeconds * scale(stage, runner, site, modelSeconds);
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
    ScaleLearner l = learners.get(contentionKey(stage, runner));
    if (l == null || l.samples() < MIN_CONTENTION_SAMPLES || !(overlap > 0)) {
      return 1;
    }
    return Math.max(0.1, 1 + overlap * (l.scale() - 1));
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
