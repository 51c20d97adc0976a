package io.hybridsr.core.sim;

import io.hybridsr.core.sched.CogView3Scheduler;
import io.hybridsr.core.sched.ConfigurationEvaluator;
import io.hybridsr.core.sched.OneTypeScheduler;
import io.hybridsr.core.sched.RandomScheduler;
import io.hybridsr.core.sched.SaParameters;
import io.hybridsr.core.sched.Scheduler;
import io.hybridsr.core.sched.SimulatedAnnealingScheduler;
import io.hybridsr.core.sched.WithoutSrScheduler;
import java.util.List;

/** The methods compared in the paper's evaluation, in plotting order (ours first). */
public final class Methods {
  /** The name of our method (simulated annealing) in reports. */
  public static final String OURS = "sa";

  private Methods() {}

  /** SA (ours), Random, w/o SR, OneType and CogView3 on one evaluator. */
  public static List<Scheduler> all(ConfigurationEvaluator evaluator, long seed) {
    return List.of(
        new SimulatedAnnealingScheduler(evaluator, SaParameters.DEFAULT.withSeed(seed)),
        new RandomScheduler(evaluator, seed),
        new WithoutSrScheduler(evaluator),
        new OneTypeScheduler(evaluator),
        new CogView3Scheduler(evaluator));
  }
}
