package io.hybridsr.operators.edge;

import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.operators.plan.PlannedTask;
import java.util.List;

/** The edge's work on one task: the patch records for its device, or why it failed. */
public class EdgeResult {
  public PlannedTask planned;
  public List<PatchRecord> patches;
  public double generationSeconds;

  /** Measured T2: partitioning and the edge SR of the foreground patches, seconds. */
  public double edgeSrSeconds;

  public String edgeSrModel;
  public String failure;

  /** Measured service times for the planner's learning (empty when the task failed). */
  public List<io.hybridsr.kafka.records.Measurement> measurements = List.of();

  public EdgeResult() {}

  public static EdgeResult failed(PlannedTask p, String why) {
    EdgeResult r = new EdgeResult();
    r.planned = p;
    r.failure = why;
    return r;
  }
}
