package io.hybridsr.core.quality;

/**
 * The utility U = Q^ - lambda * T^ of eq. (8) on scaled quantities.
 *
 * <p>Q^ is quality scaled to [0, 1] by {@link QualityModel#normalized} and T^ = T / L0 is latency
 * as a fraction of the latency bound, so both terms span about one unit: lambda = 0 ranks
 * configurations by quality alone, lambda = 1 makes a whole L0 of waiting cost as much as the whole
 * quality range (latency-first). Raw CLIPScore and seconds would let latency swamp quality at any
 * lambda.
 */
public final class UtilityModel {
  private final double latencyBound;

  /**
   * @param latencyBoundSeconds L0, the latency that scales T to [0, 1]
   */
  public UtilityModel(double latencyBoundSeconds) {
    if (!(latencyBoundSeconds > 0)) {
      throw new IllegalArgumentException("L0 must be > 0 but was " + latencyBoundSeconds);
    }
    this.latencyBound = latencyBoundSeconds;
  }

  /** T^ = T / L0. */
  public double scaledLatency(double seconds) {
    return seconds / latencyBound;
  }

  /** U = Q^ - lambda * T^. */
  public double utility(double scaledQuality, double lambda, double seconds) {
    return scaledQuality - lambda * scaledLatency(seconds);
  }
}
