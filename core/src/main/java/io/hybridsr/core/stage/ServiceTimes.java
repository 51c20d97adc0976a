package io.hybridsr.core.stage;

/**
 * Predicted service times (seconds, no waiting) of one task's stages under one configuration.
 *
 * @param generation T1's service part on the edge
 * @param edgeSr T2
 * @param linkFg T4
 * @param linkBg T5
 * @param deviceSr T3
 * @param stitch the device's decoding and feathering
 */
public record ServiceTimes(
    double generation,
    double edgeSr,
    double linkFg,
    double linkBg,
    double deviceSr,
    double stitch) {
  /** Time the edge's GPU slot is held: generation, then the foreground's SR. */
  public double edge() {
    return generation + edgeSr;
  }

  /** Time the device is busy with the task: receiving, upscaling, stitching. */
  public double device() {
    return linkFg + linkBg + deviceSr + stitch;
  }
}
