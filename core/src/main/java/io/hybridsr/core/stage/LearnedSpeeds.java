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

  /** Measurements a level needs before its factor is used (fewer: 1). */
  public static final int MIN_LEVEL_SAMPLES = 3;

  private static String levelKey(Stage s, String runner, int level) {
    return learnedAs(s) + "|" + runner + "|*|L" + level;
  }

  /**
   * Adds one measurement of a runner that shares its host, taken while {@code level} other runners
   * were planned busy (levels are learned over all sites: contention is the host's).
   */
  public void addAtLevel(
      Stage stage,
      String runner,
      int level,
      double measuredSeconds,
      double modelSeconds,
      long nowMs) {
    if (!(modelSeconds > 0) || !(measuredSeconds > 0) || level < 0) {
      return;
    }
    learner(levelKey(stage, runner, level), nowMs).add(measuredSeconds, modelSeconds, nowMs);
  }

  /**
   * How much slower {@code stage} on {@code runner} runs at {@code level} than over all levels (the
   * level's learned factor over the runner-wide one); 1 until the level has {@link
   * #MIN_LEVEL_SAMPLES}.
   */
  public double levelFactor(Stage stage, String runner, int level) {
    ScaleLearner l = learners.get(levelKey(stage, runner, level));
    ScaleLearner all = learners.get(key(stage, runner, "*"));
    if (l == null || l.samples() < MIN_LEVEL_SAMPLES || all == null || all.samples() == 0) {
      return 1;
    }
    return l.scale() / all.scale();
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
