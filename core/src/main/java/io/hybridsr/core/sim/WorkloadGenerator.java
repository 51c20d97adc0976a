package io.hybridsr.core.sim;

import io.hybridsr.core.config.StandardResolution;
import io.hybridsr.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Windows of K concurrent users as in the paper's evaluation: one target resolution per window,
 * lambda drawn uniformly from [lambdaLow, lambdaHigh] (default [0, 1]) per user, prompts drawn from
 * PartiPrompts.
 *
 * <p>Deterministic: a window depends only on the seed, its resolution and its index, so every
 * method sees the same tasks.
 */
public final class WorkloadGenerator {
  private final List<String> prompts;
  private final long seed;
  private final int users;
  private final double lambdaLow;
  private final double lambdaHigh;

  public WorkloadGenerator(List<String> prompts, long seed, int users) {
    this(prompts, seed, users, 0, 1);
  }

  /** Lambda uniform on [lambdaLow, lambdaHigh], a sub-range of the paper's [0, 1]. */
  public WorkloadGenerator(
      List<String> prompts, long seed, int users, double lambdaLow, double lambdaHigh) {
    if (!(lambdaLow >= 0 && lambdaLow <= lambdaHigh && lambdaHigh <= 1)) {
      throw new IllegalArgumentException(
          "lambda range must satisfy 0 <= low <= high <= 1 but was ["
              + lambdaLow
              + ", "
              + lambdaHigh
              + "]");
    }
    if (prompts.isEmpty()) {
      throw new IllegalArgumentException("the workload needs at least one prompt");
    }
    if (users < 1) {
      throw new IllegalArgumentException("a window needs at least one user but K = " + users);
    }
    this.prompts = prompts;
    this.seed = seed;
    this.users = users;
    this.lambdaLow = lambdaLow;
    this.lambdaHigh = lambdaHigh;
  }

  /** Window {@code index} of users asking for resolution {@code r}. */
  public List<Task> window(StandardResolution r, int index) {
    return window(r.label(), r.ordinal(), r.width(), r.height(), index);
  }

  /**
   * Window {@code index} of users asking for {@code width x height} (e.g. the paper's Fig. 6 at
   * 1024x1024); {@code salt} separates its draws from other sizes' (the standard resolutions use
   * their ordinal).
   */
  public List<Task> window(String label, int salt, int width, int height, int index) {
    SplittableRandom rnd =
        new SplittableRandom(seed ^ (salt * 0x9E3779B97F4A7C15L) ^ (index * 0xC2B2AE3D27D4EB4FL));
    List<Task> out = new ArrayList<>(users);
    for (int k = 0; k < users; k++) {
      out.add(user(label + "-w" + index + "-u" + k, k, width, height, rnd));
    }
    return out;
  }

  /** A window whose users each ask for a random standard resolution (for benchmarks). */
  public List<Task> mixedWindow(int index, int size) {
    SplittableRandom rnd = new SplittableRandom(seed * 31 + index);
    StandardResolution[] all = StandardResolution.values();
    List<Task> out = new ArrayList<>(size);
    for (int k = 0; k < size; k++) {
      StandardResolution r = all[rnd.nextInt(all.length)];
      out.add(user("mix-w" + index + "-u" + k, k, r.width(), r.height(), rnd));
    }
    return out;
  }

  /**
   * User {@code k}'s task at {@code r}: lambda, then the prompt, drawn from {@code rnd} in that
   * order.
   */
  private Task user(String taskId, int k, int width, int height, SplittableRandom rnd) {
    double lambda = lambdaLow + (lambdaHigh - lambdaLow) * rnd.nextDouble();
    String prompt = prompts.get(rnd.nextInt(prompts.size()));
    return new Task(taskId, "user-" + k, "device-" + k, "edge-0", width, height, lambda, prompt);
  }
}
