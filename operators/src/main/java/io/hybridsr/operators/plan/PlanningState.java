package io.hybridsr.operators.plan;

import io.hybridsr.core.stage.Backlog;
import io.hybridsr.core.stage.LearnedSpeeds;

/**
 * What one edge's planner keeps between windows, in checkpointed keyed state: the speeds learned
 * from measurements and the work planned and not yet done. A restart restores both.
 */
public class PlanningState {
  public LearnedSpeeds learned = new LearnedSpeeds();
  public Backlog backlog = new Backlog();

  public PlanningState() {}
}
