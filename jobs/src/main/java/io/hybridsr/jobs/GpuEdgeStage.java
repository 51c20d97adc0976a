package io.hybridsr.jobs;

import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.operators.edge.EdgeModelSpec;
import io.hybridsr.operators.edge.EdgeResult;
import io.hybridsr.operators.edge.EdgeSrFunction;
import io.hybridsr.operators.edge.GenerateFunction;
import io.hybridsr.operators.edge.GeneratedTask;
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
 * The edge's GPU work as two async operators (SDXL generation; partitioning and foreground SR),
 * each with as many requests in flight as GPU slots, then the split into patch records and
 * failure outcomes.
 */
public final class GpuEdgeStage implements EdgeStage {
  private static final long serialVersionUID = 1L;
  static final OutputTag<Outcome> FAILURES = new OutputTag<>("edge-failures") {};

  private final EdgeModelSpec spec;
  private final int marginPx;

  /** @param marginPx overlap margin of patches, in generation pixels */
  public GpuEdgeStage(EdgeModelSpec spec, int marginPx) {
    this.spec = spec;
    this.marginPx = marginPx;
  }

  @Override
  public Streams attach(DataStream<PlannedTask> planned, JobOptions o) {
    long timeoutMs = o.inferenceTimeout.toMillis();
    SingleOutputStreamOperator<GeneratedTask> generated =
        AsyncDataStream.unorderedWait(planned, new GenerateFunction(spec, o.gpuSlots, o.seed),
                timeoutMs, TimeUnit.MILLISECONDS, o.gpuSlots)
            .name(spec.sdxlIsStandIn() ? "SDXL generation (stand-in)" : "SDXL generation")
            .uid("generate");
    SingleOutputStreamOperator<EdgeResult> enhanced =
        AsyncDataStream.unorderedWait(generated, new EdgeSrFunction(spec, o.gpuSlots, marginPx),
                timeoutMs, TimeUnit.MILLISECONDS, o.gpuSlots)
            .name("variance partition + edge SR")
            .uid("edge-sr");
    SingleOutputStreamOperator<PatchRecord> patches =
        enhanced.process(new SplitResults()).name("route patches").uid("route");
    return new Streams(patches, patches.getSideOutput(FAILURES));
  }

  /** Patches of served tasks go on; failed tasks become FAILED outcomes. */
  static final class SplitResults extends ProcessFunction<EdgeResult, PatchRecord> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(EdgeResult r, Context ctx, Collector<PatchRecord> out) {
      if (r.failure != null) {
        ctx.output(FAILURES, PlannedOutcomes.failed(r.planned, r.failure));
        return;
      }
      r.patches.forEach(out::collect);
    }
  }
}
