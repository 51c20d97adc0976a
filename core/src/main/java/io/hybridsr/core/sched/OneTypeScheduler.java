package io.hybridsr.core.sched;

/**
 * The paper's "OneType" baseline: the SR scale is fixed at 2x and only the denoising steps are
 * tuned (optimally, under the same constraints).
 */
public final class OneTypeScheduler extends FixedScaleScheduler {
  /** The fixed scale, as in the paper (section IV-A2). */
  public static final int SCALE = 2;

  public OneTypeScheduler(ConfigurationEvaluator evaluator) {
    super("one-type", evaluator, SCALE);
  }
}
