package io.hybridsr.core.sched;

import io.hybridsr.core.config.CandidateSets;
import io.hybridsr.core.config.Configuration;
import io.hybridsr.core.config.GenerationSize;
import io.hybridsr.core.latency.LatencyEstimate;
import io.hybridsr.core.latency.LatencyModel;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileKeys;
import io.hybridsr.core.quality.QualityModel;
import io.hybridsr.core.quality.UtilityModel;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates every candidate configuration for a target size with the latency, quality and utility
 * models, and caches the result per size.
 *
 * <p>Schedulers precompute per-user tables from it, so a move in the search is a table lookup.
 * Thread-safe.
 *
 * <pre>{@code
 * ConfigurationEvaluator ev = ConfigurationEvaluator.forProfile(Profile.defaultProfile());
 * List<Evaluation> row = ev.table(1920, 1080);   // one per candidate, in index order
 * }</pre>
 */
public final class ConfigurationEvaluator {
  private final Profile profile;
  private final CandidateSets candidates;
  private final LatencyModel latency;
  private final io.hybridsr.core.latency.LatencyPredictor predictor;
  private final QualityModel quality;
  private final UtilityModel utility;
  private final double edgeCapacityRatio;
  private final ConcurrentHashMap<Long, List<Evaluation>> cache = new ConcurrentHashMap<>();

  public ConfigurationEvaluator(
      Profile profile, CandidateSets candidates, double gamma, double edgeCapacityRatio) {
    this.profile = profile;
    this.candidates = candidates;
    this.edgeCapacityRatio = edgeCapacityRatio;
    this.latency = new LatencyModel(profile, gamma, edgeCapacityRatio);
    this.predictor = latency;
    this.quality = new QualityModel(profile);
    this.utility = new UtilityModel(profile.value(ProfileKeys.L0));
  }

  /**
   * The profile's quality and utility models with another latency predictor: the running job's
   * per-runner stage models ({@code io.hybridsr.core.stage.StageLatencyModel}).
   */
  public ConfigurationEvaluator(
      Profile profile,
      CandidateSets candidates,
      io.hybridsr.core.latency.LatencyPredictor predictor) {
    this.profile = profile;
    this.candidates = candidates;
    this.edgeCapacityRatio = 1.0;
    this.latency = new LatencyModel(profile, predictor.gamma(), 1.0);
    this.predictor = predictor;
    this.quality = new QualityModel(profile);
    this.utility = new UtilityModel(profile.value(ProfileKeys.L0));
  }

  /** What predicts latencies: the paper's {@link LatencyModel} unless given another. */
  public io.hybridsr.core.latency.LatencyPredictor predictor() {
    return predictor;
  }

  /** The profile's gamma, full edge capacity, default candidate sets. */
  public static ConfigurationEvaluator forProfile(Profile profile) {
    return new ConfigurationEvaluator(
        profile, CandidateSets.DEFAULT, profile.value(ProfileKeys.GAMMA), 1.0);
  }

  /** The same models over other candidate sets (e.g. a baseline's restricted S). */
  public ConfigurationEvaluator withCandidates(CandidateSets other) {
    if (predictor != latency) {
      return new ConfigurationEvaluator(profile, other, predictor);
    }
    return new ConfigurationEvaluator(profile, other, latency.gamma(), edgeCapacityRatio);
  }

  public Profile profile() {
    return profile;
  }

  public CandidateSets candidates() {
    return candidates;
  }

  public LatencyModel latencyModel() {
    return latency;
  }

  public QualityModel qualityModel() {
    return quality;
  }

  public UtilityModel utilityModel() {
    return utility;
  }

  public double edgeCapacityRatio() {
    return edgeCapacityRatio;
  }

  /** One evaluation per candidate configuration, in {@link CandidateSets} index order. */
  public List<Evaluation> table(int targetWidth, int targetHeight) {
    long key = ((long) targetWidth << 32) | targetHeight;
    return cache.computeIfAbsent(key, k -> build(targetWidth, targetHeight));
  }

  /**
   * One evaluation per candidate for {@code task}: shared by every task of its size unless the
   * predictor depends on more than the size (device, backlog).
   */
  public List<Evaluation> table(io.hybridsr.core.task.Task task) {
    if (!predictor.perTask()) {
      return table(task.targetWidth(), task.targetHeight());
    }
    Evaluation[] out = new Evaluation[candidates.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = evaluate(task, candidates.get(i));
    }
    return List.of(out);
  }

  /** Evaluates one configuration for {@code task} with the predictor. */
  public Evaluation evaluate(io.hybridsr.core.task.Task task, Configuration c) {
    LatencyEstimate e = predictor.estimate(task, c);
    GenerationSize r = e.size();
    double q = quality.quality(c.steps(), r, c.usesSuperResolution(), predictor.gamma());
    return new Evaluation(
        c, e, q, quality.normalized(q), utility.scaledLatency(e.latency().total()));
  }

  /** Evaluates one configuration (need not be a candidate). */
  public Evaluation evaluate(int targetWidth, int targetHeight, Configuration c) {
    LatencyEstimate e = latency.estimate(targetWidth, targetHeight, c);
    GenerationSize r = e.size();
    double q = quality.quality(c.steps(), r, c.usesSuperResolution(), latency.gamma());
    return new Evaluation(
        c, e, q, quality.normalized(q), utility.scaledLatency(e.latency().total()));
  }

  private List<Evaluation> build(int w, int h) {
    Evaluation[] out = new Evaluation[candidates.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = evaluate(w, h, candidates.get(i));
    }
    return List.of(out);
  }
}
