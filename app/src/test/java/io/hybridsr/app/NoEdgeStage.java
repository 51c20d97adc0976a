package io.hybridsr.app;

import io.hybridsr.jobs.EdgeStage;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.operators.plan.PlannedTask;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * An edge stage without models: plans pass through, no patches, no failures. For tests that need
 * the job's non-plan-only graph (the device outcome relay) and play the devices themselves.
 */
final class NoEdgeStage implements EdgeStage {
  private static final long serialVersionUID = 1L;

  @Override
  public Streams attach(DataStream<PlannedTask> planned, JobOptions options) {
    return new Streams(noPatches(planned), noFailures(planned));
  }

  /** An empty patch stream on {@code planned}, for edge stages that send none. */
  static DataStream<PatchRecord> noPatches(DataStream<PlannedTask> planned) {
    return planned
        .flatMap((PlannedTask p, Collector<PatchRecord> out) -> {})
        .returns(TypeInformation.of(PatchRecord.class));
  }

  /** An empty failure stream on {@code planned}, for edge stages that never fail a task. */
  static DataStream<Outcome> noFailures(DataStream<PlannedTask> planned) {
    return planned
        .flatMap((PlannedTask p, Collector<Outcome> out) -> {})
        .returns(TypeInformation.of(Outcome.class));
  }
}
