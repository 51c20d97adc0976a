package io.hybridsr.jobs;

import io.hybridsr.kafka.records.Measurement;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.operators.edge.EdgeGpuFunction;
import io.hybridsr.operators.edge.EdgeModelSpec;
import io.hybridsr.operators.edge.EdgeResult;
import io.hybridsr.operators.edge.EdgeWarmUp;
import io.hybridsr.operators.plan.PlannedOutcomes;
import io.hybridsr.operators.plan.PlannedTask;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The edge's GPU work as one async operator whose GPU slots each serve one task from generation
 * through the variance partition to the foreground's SR (as one GPU does), then the split into
 * patch records, failure outcomes and the measurements fed back to the planner.
 */
public final class GpuEdgeStage implements EdgeStage {
  private static final long serialVersionUID = 1L;
  static final OutputTag<Outcome> FAILURES = new OutputTag<>("edge-failures") {};
  static final OutputTag<Measurement> MEASUREMENTS = new OutputTag<>("edge-measurements") {};

  private final EdgeModelSpec spec;
  private final int marginPx;
  private final EdgeWarmUp warmUp;

  /**
   * @param marginPx overlap margin of patches, in generation pixels
   */
  public GpuEdgeStage(EdgeModelSpec spec, int marginPx) {
    this(spec, marginPx, EdgeWarmUp.NONE);
  }

  /**
   * @param marginPx overlap margin of patches, in generation pixels
   * @param warmUp the generation sizes the edge runs once before its first task
   */
  public GpuEdgeStage(EdgeModelSpec spec, int marginPx, EdgeWarmUp warmUp) {
    this.spec = spec;
    this.marginPx = marginPx;
    this.warmUp = warmUp;
  }

  @Override
  public Streams attach(DataStream<PlannedTask> planned, JobOptions o) {
    // The operator's own timeout only guards the queue: each task's service has its own timeout
    // on its GPU slot, so a slow task cannot time out the ones queued behind it.
    long safetyMs = o.inferenceTimeout.toMillis() * (o.edgeQueueCapacity + 1L);
    SingleOutputStreamOperator<EdgeResult> served =
        AsyncDataStream.unorderedWait(
                planned,
                new EdgeGpuFunction(spec, o.gpuSlots, o.seed, marginPx, o.inferenceTimeout, warmUp),
                safetyMs,
                TimeUnit.MILLISECONDS,
                o.edgeQueueCapacity)
            .name(
                spec.sdxlIsStandIn()
                    ? "edge GPU: SDXL generation (stand-in), variance partition, edge SR"
                    : "edge GPU: SDXL generation, variance partition, edge SR")
            .uid("edge-gpu");
    SingleOutputStreamOperator<PatchRecord> patches =
        served.process(new SplitResults()).name("route patches").uid("route");
    return new Streams(
        patches, patches.getSideOutput(FAILURES), patches.getSideOutput(MEASUREMENTS));
  }

  /** Patches of served tasks go on; failed tasks become FAILED outcomes. */
  static final class SplitResults extends ProcessFunction<EdgeResult, PatchRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(EdgeResult r, Context ctx, Collector<PatchRecord> out) {
      if (r.failure != null) {
        ctx.output(FAILURES, PlannedOutcomes.failed(r.planned, r.failure));
        // The slot is free again: the planner's backlog must not wait for this task.
        ctx.output(
            MEASUREMENTS,
            new Measurement(
                r.planned.task.edgeId(),
                r.planned.task.taskId(),
                r.planned.task.deviceId(),
                Measurement.DONE,
                "",
                0,
                0,
                0,
                System.currentTimeMillis()));
        return;
      }
      r.measurements.forEach(m -> ctx.output(MEASUREMENTS, m));
      r.patches.forEach(out::collect);
    }
  }
}
