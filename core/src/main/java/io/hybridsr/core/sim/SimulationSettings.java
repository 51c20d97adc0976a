package io.hybridsr.core.sim;

import java.util.List;

/**
 * What {@link Simulation} runs.
 *
 * @param windows windows per target resolution in the main comparison (Fig. 7)
 * @param users K, users per window
 * @param seed seed of the workload and of the randomised schedulers
 * @param sweepWindows windows per resolution at each point of the Fig. 8 sweeps
 * @param capacityRatios edge capacity ratios of Fig. 8a
 * @param gammas allocation ratios of Fig. 8b
 * @param gapWindows windows per resolution on which SA is compared with the exact optimum
 */
public record SimulationSettings(
    int windows,
    int users,
    long seed,
    int sweepWindows,
    List<Double> capacityRatios,
    List<Double> gammas,
    int gapWindows) {

  /** Fig. 8a's x axis: 0.2 .. 1.0. */
  public static final List<Double> DEFAULT_RATIOS =
      List.of(0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);

  /** Fig. 8b's x axis in sixteenths of the 4x4 grid: 0 .. 1. */
  public static final List<Double> DEFAULT_GAMMAS =
      List.of(0.0, 0.0625, 0.125, 0.1875, 0.25, 0.375, 0.5, 0.75, 1.0);

  public SimulationSettings {
    if (windows < 1 || users < 1 || sweepWindows < 0 || gapWindows < 0) {
      throw new IllegalArgumentException(
          "windows and users must be >= 1, sweep and gap windows >= 0");
    }
    capacityRatios = List.copyOf(capacityRatios);
    gammas = List.copyOf(gammas);
  }

  /** The default size: 50 windows of K = 10 per resolution, 10 per sweep point, gap on all 50. */
  public static SimulationSettings defaults(int users) {
    return new SimulationSettings(50, users, 42L, 10, DEFAULT_RATIOS, DEFAULT_GAMMAS, 50);
  }
}
