package io.hybridsr.core.latency;

import io.hybridsr.core.config.GenerationSize;

/**
 * The loads of one task under one configuration and the latencies they cause.
 *
 * @param size the generation size R
 * @param xi1 generation load, peak-equivalent FLOP (edge)
 * @param xi2 diffusion-SR load, peak-equivalent FLOP (edge)
 * @param xi3 learning-based SR load, peak-equivalent FLOP (device)
 * @param eta4Bits bits of upscaled foreground sent edge to device
 * @param eta5Bits bits of background (or whole image) sent edge to device
 * @param latency the resulting T1..T6 and T
 */
public record LatencyEstimate(
    GenerationSize size,
    double xi1,
    double xi2,
    double xi3,
    double eta4Bits,
    double eta5Bits,
    LatencyBreakdown latency) {

  /** The edge's share of constraint (11): xi1 + xi2. */
  public double edgeLoad() {
    return xi1 + xi2;
  }

  /** The device's share of constraint (12): xi3. */
  public double deviceLoad() {
    return xi3;
  }
}
