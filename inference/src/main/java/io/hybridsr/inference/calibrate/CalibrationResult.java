package io.hybridsr.inference.calibrate;

/**
 * The timing of one probe: median and best of the repeats, in milliseconds per call.
 *
 * @param standIn whether the probe ran on stand-in models
 */
public record CalibrationResult(
    CalibrationProbe probe, boolean standIn, double medianMillis, double minMillis, int repeats) {

  public double millisPerUnit() {
    return medianMillis / probe.unitsPerCall();
  }

  /** Achieved FLOP/s (median), NaN where the probe's FLOPs are unknown. */
  public double achievedFlops() {
    return probe.flopsPerCall() / (medianMillis / 1e3);
  }
}
