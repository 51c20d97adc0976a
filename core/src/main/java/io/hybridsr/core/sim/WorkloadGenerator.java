package io.hybridsr.core.sim;

import io.hybridsr.core.config.StandardResolution;
import io.hybridsr.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Windows of K concurrent users as in the paper's evaluation: one target resolution per window,
 * lambda drawn uniformly from [0, 1] per user, prompts drawn from PartiPrompts.
 *
 * <p>Deterministic: a window depends only on the seed, its resolution and its index, so every
 * method sees the same tasks.
 */
public final class WorkloadGenerator {
  private final List<String> prompts;
  private final long seed;
  private final int users;

  public WorkloadGenerator(List<String> prompts, long seed, int users) {
    if (prompts.isEmpty()) {
      throw new IllegalArgumentException("the workload needs at least one prompt");
    }
    if (users < 1) {
      throw new IllegalArgumentException("a window needs at least one user but K = " + users);
    }
    this.prompts = prompts;
    this.seed = seed;
    this.users = users;
  }

  /** Window {@code index} of users asking for resolution {@code r}. */
  public List<Task> window(StandardResolution r, int index) {
    SplittableRandom rnd = new SplittableRandom(seed ^ (r.ordinal() * 0x9E3779B97F4A7C15L) ^ (index * 0xC2B2AE3D27D4EB4FL));
    List<Task> out = new ArrayList<>(users);
    for (int k = 0; k < users; k++) {
      out.add(user(r.label() + "-w" + index + "-u" + k, k, r, rnd));
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
      out.add(user("mix-w" + index + "-u" + k, k, r, rnd));
    }
    return out;
  }

  /** User {@code k}'s task at {@code r}: lambda, then the prompt, drawn from {@code rnd} in that order. */
  private Task user(String taskId, int k, StandardResolution r, SplittableRandom rnd) {
    double lambda = rnd.nextDouble();
    String prompt = prompts.get(rnd.nextInt(prompts.size()));
    return new Task(taskId, "user-" + k, "device-" + k, "edge-0", r.width(), r.height(), lambda, prompt);
  }
}
