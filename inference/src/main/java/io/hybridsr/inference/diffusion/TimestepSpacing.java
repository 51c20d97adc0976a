package io.hybridsr.inference.diffusion;

/**
 * How a sampler picks its inference timesteps among the training ones.
 *
 * <p>SDXL's scheduler config uses "leading" with {@code steps_offset = 1}: for 50 steps that gives
 * 981, 961, ..., 1 (diffusers' documented values), not 999..0.
 */
public enum TimestepSpacing {
  LEADING,
  TRAILING;

  /** {@code steps} timesteps, descending, spaced as diffusers' Euler and DDIM schedulers do. */
  public int[] timesteps(int trainSteps, int steps, int stepsOffset) {
    if (steps < 1 || steps > trainSteps) {
      throw new IllegalArgumentException("steps must be in 1.." + trainSteps + ", got " + steps);
    }
    int[] t = new int[steps];
    if (this == LEADING) {
      int ratio = trainSteps / steps;
      for (int i = 0; i < steps; i++) {
        t[i] = (steps - 1 - i) * ratio + stepsOffset;
      }
    } else {
      double ratio = (double) trainSteps / steps;
      for (int i = 0; i < steps; i++) {
        t[i] = (int) Math.round(trainSteps - i * ratio) - 1;
      }
    }
    return t;
  }
}
