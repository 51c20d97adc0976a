package io.hybridsr.core.sched;

import io.hybridsr.core.config.StandardResolution;
import io.hybridsr.core.task.Task;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random tasks for the schedulers' properties: a standard resolution and any lambda. */
final class RandomTasks {
  private RandomTasks() {}

  static Arbitrary<Task> tasks() {
    return Combinators.combine(
            Arbitraries.of(StandardResolution.values()),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.integers().between(0, 999))
        .as(
            (r, lambda, id) ->
                new Task(
                    "t" + id,
                    "u" + id,
                    "d" + id,
                    "e0",
                    r.width(),
                    r.height(),
                    lambda,
                    "prompt " + id));
  }
}
