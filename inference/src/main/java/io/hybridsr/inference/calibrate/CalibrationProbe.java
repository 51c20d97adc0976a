package io.hybridsr.inference.calibrate;

/**
 * One timed operation of a runner, e.g. "one guided SDXL UNet step at 512x512".
 *
 * @param runner the profile's efficiency key: {@code sdxl}, {@code vae}, {@code stablesr}, {@code
 *     realesrgan}
 * @param site where the runner runs in the paper's system: {@code edge} or {@code device}
 * @param label what one call does, for the table
 * @param unit what {@code unitsPerCall} counts ("step", "tile-step", "Mpx")
 * @param flopsPerCall FLOPs of one call, or NaN where unknown (real exports: not counted here)
 */
public record CalibrationProbe(
    String runner,
    String site,
    String label,
    String unit,
    double unitsPerCall,
    double flopsPerCall,
    Action action) {

  /** The operation; called once to warm up, then repeatedly under the clock. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }
}
