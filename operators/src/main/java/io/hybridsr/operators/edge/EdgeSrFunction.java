package io.hybridsr.operators.edge;

import io.hybridsr.core.partition.Partition;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.kafka.records.PatchRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;

/**
 * Variance partitioning of the latent and the edge's SR of the foreground patches, then the cut
 * into patch records, on the edge's GPU slots. Failures become failed results, as in {@link
 * GenerateFunction}. Metrics: {@code edgeSrMillis}, {@code edgeSrInFlight}, {@code
 * edgeSrFailures}, {@code patchesOut}.
 */
public final class EdgeSrFunction extends GpuSlotFunction<GeneratedTask, EdgeResult> {
  private static final long serialVersionUID = 1L;

  private final EdgeModelSpec spec;
  private final int marginPx;
  private transient SuperResolver edgeSr;
  private transient PatchCutter cutter;
  private transient Counter patchesOut;

  public EdgeSrFunction(EdgeModelSpec spec, int slots, int marginPx) {
    super(slots);
    this.spec = spec;
    this.marginPx = marginPx;
  }

  @Override
  public void open(OpenContext ctx) throws Exception {
    edgeSr = spec.openEdgeSr();
    cutter = new PatchCutter(marginPx);
    var g = getRuntimeContext().getMetricGroup();
    AtomicInteger inFlight = new AtomicInteger();
    g.gauge("edgeSrInFlight", inFlight::get);
    startSlots("edge-sr", g.histogram("edgeSrMillis", millisHistogram()), g.counter("edgeSrFailures"), inFlight);
    patchesOut = g.counter("patchesOut");
  }

  @Override
  public void asyncInvoke(GeneratedTask g, ResultFuture<EdgeResult> result) {
    if (g.failure != null) {
      result.complete(List.of(EdgeResult.failed(g.planned, g.failure)));
      return;
    }
    runOnSlot(result, () -> {
      long t0 = System.nanoTime();
      Partition part = PatchCutter.partition(g.planned, g.latent, g.image);
      EdgeResult r = new EdgeResult();
      r.planned = g.planned;
      List<PatchRecord> cut = cutter.cut(g.planned, g.image, part, edgeSr);
      r.generationSeconds = g.generationSeconds;
      r.edgeSrSeconds = (System.nanoTime() - t0) / 1e9;
      long genMs = Math.round(r.generationSeconds * 1000);
      long srMs = Math.round(r.edgeSrSeconds * 1000);
      r.patches = cut.stream().map(pr -> pr.withEdgeTimings(genMs, srMs)).toList();
      r.edgeSrModel = edgeSr.name();
      recordMillis(r.edgeSrSeconds);
      patchesOut.inc(r.patches.size());
      return r;
    }, e -> EdgeResult.failed(g.planned, "edge SR failed: " + e));
  }

  @Override
  EdgeResult timedOut(GeneratedTask g) {
    return EdgeResult.failed(g.planned, "edge SR timed out");
  }
}
