package io.hybridsr.jobs;

import io.hybridsr.kafka.records.Measurement;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.operators.plan.PlannedTask;
import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The GPU part of the graph: generation, partitioning and edge SR, ending in patch records for the
 * device topics and failure outcomes for tasks a model could not serve.
 */
public interface EdgeStage extends Serializable {
  Streams attach(DataStream<PlannedTask> planned, JobOptions options);

  /**
   * What the edge stage produces: patches for the devices, failure outcomes, and the measured
   * service times it feeds back to the planner (null when it measures nothing).
   */
  record Streams(
      DataStream<PatchRecord> patches,
      DataStream<Outcome> failures,
      DataStream<Measurement> measurements) {
    public Streams(DataStream<PatchRecord> patches, DataStream<Outcome> failures) {
      this(patches, failures, null);
    }
  }
}
