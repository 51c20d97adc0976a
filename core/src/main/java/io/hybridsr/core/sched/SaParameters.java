package io.hybridsr.core.sched;

/**
 * The annealing schedule of Algorithm 1: start temperature T0, cooling factor alpha, stop
 * temperature Tmin, iterations per temperature, and the seed.
 *
 * <p>Iterations per temperature are {@code max(minIterationsPerTemperature, iterationsPerUser * K)}
 * so larger windows get proportionally more moves. Temperatures are in utility units (one user's U
 * spans about 1). Defaults were chosen so SA stays within 1% of the exact optimum on K = 8 and
 * under 2 ms on K = 10 ({@code ./hybridsr bench scheduler} checks both).
 *
 * @param initialTemperature T0 (> Tmin)
 * @param coolingFactor alpha in (0, 1)
 * @param minTemperature Tmin (> 0)
 * @param minIterationsPerTemperature floor of limit_T
 * @param iterationsPerUser limit_T per user
 * @param seed random seed; the same seed and window give the same answer
 * @param polish finish with hill climbing over single-user (and, up to 64 users, two-user) changes
 * @param restarts independent annealing chains (seeds seed, seed + 1, ...); the best wins
 */
public record SaParameters(
    double initialTemperature,
    double coolingFactor,
    double minTemperature,
    int minIterationsPerTemperature,
    int iterationsPerUser,
    long seed,
    boolean polish,
    int restarts) {

  /**
   * Defaults: T0 = 0.1, alpha = 0.9, Tmin = 1e-4, limit_T = max(100, 4 K), seed 42, polish, 3
   * chains.
   */
  public static final SaParameters DEFAULT = new SaParameters(0.1, 0.9, 1e-4, 100, 4, 42L, true, 3);

  public SaParameters {
    if (!(minTemperature > 0) || !(initialTemperature > minTemperature)) {
      throw new IllegalArgumentException(
          "need T0 > Tmin > 0 but T0 = " + initialTemperature + ", Tmin = " + minTemperature);
    }
    if (!(coolingFactor > 0 && coolingFactor < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1) but was " + coolingFactor);
    }
    if (minIterationsPerTemperature < 1 || iterationsPerUser < 0) {
      throw new IllegalArgumentException("iterations per temperature must be >= 1");
    }
    if (restarts < 1) {
      throw new IllegalArgumentException("restarts must be >= 1 but was " + restarts);
    }
  }

  /** The same schedule with another seed. */
  public SaParameters withSeed(long newSeed) {
    return new SaParameters(
        initialTemperature,
        coolingFactor,
        minTemperature,
        minIterationsPerTemperature,
        iterationsPerUser,
        newSeed,
        polish,
        restarts);
  }

  /** limit_T for a window of {@code users} users. */
  public int iterationsPerTemperature(int users) {
    return Math.max(minIterationsPerTemperature, iterationsPerUser * users);
  }
}
