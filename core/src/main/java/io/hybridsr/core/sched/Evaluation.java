package io.hybridsr.core.sched;

import io.hybridsr.core.config.Configuration;
import io.hybridsr.core.latency.LatencyEstimate;

/**
 * What one configuration means for one target size: its loads, latencies and quality.
 *
 * <p>Independent of lambda, so it is computed once per (size, configuration) and shared by every
 * user asking for that size.
 *
 * @param configuration e = [S, D]
 * @param estimate loads and latencies
 * @param quality Q (CLIPScore x 100)
 * @param scaledQuality Q scaled to [0, 1] for the utility
 * @param scaledLatency T / L0
 */
public record Evaluation(
    Configuration configuration,
    LatencyEstimate estimate,
    double quality,
    double scaledQuality,
    double scaledLatency) {

  /** U = Q^ - lambda T^. */
  public double utility(double lambda) {
    return scaledQuality - lambda * scaledLatency;
  }

  public double seconds() {
    return estimate.latency().total();
  }
}
