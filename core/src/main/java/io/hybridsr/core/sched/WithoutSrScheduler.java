package io.hybridsr.core.sched;

/**
 * The paper's "w/o SR" baseline: no super-resolution, the edge generates directly at the target
 * resolution (S = 1); the steps are tuned optimally under the same constraints, which makes it a
 * strong version of the baseline.
 */
public final class WithoutSrScheduler extends FixedScaleScheduler {
  public WithoutSrScheduler(ConfigurationEvaluator evaluator) {
    super("without-sr", evaluator, 1);
  }
}
