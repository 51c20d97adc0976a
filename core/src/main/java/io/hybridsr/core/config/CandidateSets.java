package io.hybridsr.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The finite candidate sets S and D the controller chooses from (constraint 10).
 *
 * <p>Defaults: S in {1, 2, 3, 4} (1 = direct generation; 4 is the largest Real-ESRGAN model's
 * native scale) and D in {10, 15, ..., 50} (SDXL is usable from about 10 steps with a modern
 * sampler; 50 is the diffusers default, past which Fig. 1 shows no gain). Configurations are
 * indexed {@code scaleIndex * steps().size() + stepsIndex} so schedulers can keep tables in arrays.
 *
 * @param scales candidate SR scales, ascending, each >= 1
 * @param steps candidate denoising steps, ascending, each >= 1
 */
public record CandidateSets(List<Integer> scales, List<Integer> steps) {

  /** The documented defaults: S in {1,2,3,4}, D in {10,15,...,50}. */
  public static final CandidateSets DEFAULT =
      new CandidateSets(List.of(1, 2, 3, 4), List.of(10, 15, 20, 25, 30, 35, 40, 45, 50));

  public CandidateSets {
    scales = List.copyOf(scales);
    steps = List.copyOf(steps);
    requireAscendingPositive("scales", scales);
    requireAscendingPositive("steps", steps);
  }

  /** Number of configurations |S| x |D|. */
  public int size() {
    return scales.size() * steps.size();
  }

  /** The configuration at a table index. */
  public Configuration get(int index) {
    return new Configuration(scales.get(index / steps.size()), steps.get(index % steps.size()));
  }

  /** The table index of a configuration, or -1 when it is not a candidate. */
  public int indexOf(Configuration c) {
    int si = scales.indexOf(c.scale());
    int di = steps.indexOf(c.steps());
    return si < 0 || di < 0 ? -1 : si * steps.size() + di;
  }

  /** Every configuration, in index order. */
  public List<Configuration> all() {
    List<Configuration> out = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      out.add(get(i));
    }
    return out;
  }

  /** The same steps with the scales restricted to one value (e.g. OneType's S = 2). */
  public CandidateSets withScales(List<Integer> only) {
    return new CandidateSets(only, steps);
  }

  private static void requireAscendingPositive(String name, List<Integer> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("candidate set " + name + " must not be empty");
    }
    int previous = 0;
    for (int v : values) {
      if (v <= previous) {
        throw new IllegalArgumentException(
            "candidate set " + name + " must be positive and strictly ascending: " + values);
      }
      previous = v;
    }
  }
}
