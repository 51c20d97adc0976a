package io.hybridsr.operators.edge;

import io.hybridsr.core.partition.Partition;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.kafka.records.PatchRecord;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * Variance partitioning of the latent and the edge's SR of the foreground patches, then the cut
 * into patch records. Failures become failed results, as in {@link GenerateFunction}. Metrics:
 * {@code edgeSrMillis}, {@code edgeSrInFlight}, {@code edgeSrFailures}, {@code patchesOut}.
 */
public final class EdgeSrFunction extends RichAsyncFunction<GeneratedTask, EdgeResult> {
  private static final long serialVersionUID = 1L;

  private final EdgeModelSpec spec;
  private final int slots;
  private final int marginPx;
  private transient SuperResolver edgeSr;
  private transient PatchCutter cutter;
  private transient ExecutorService pool;
  private transient AtomicInteger inFlight;
  private transient Histogram millis;
  private transient Counter failures;
  private transient Counter patchesOut;

  public EdgeSrFunction(EdgeModelSpec spec, int slots, int marginPx) {
    this.spec = spec;
    this.slots = slots;
    this.marginPx = marginPx;
  }

  @Override
  public void open(OpenContext ctx) {
    edgeSr = spec.openEdgeSr();
    cutter = new PatchCutter(marginPx);
    pool = GpuSlots.create("edge-sr", slots);
    inFlight = new AtomicInteger();
    var g = getRuntimeContext().getMetricGroup();
    millis = g.histogram("edgeSrMillis", new DescriptiveStatisticsHistogram(1024));
    failures = g.counter("edgeSrFailures");
    patchesOut = g.counter("patchesOut");
    g.gauge("edgeSrInFlight", inFlight::get);
  }

  @Override
  public void asyncInvoke(GeneratedTask g, ResultFuture<EdgeResult> result) {
    if (g.failure != null) {
      result.complete(List.of(EdgeResult.failed(g.planned, g.failure)));
      return;
    }
    inFlight.incrementAndGet();
    pool.execute(() -> {
      try {
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
        millis.update((long) (r.edgeSrSeconds * 1000));
        patchesOut.inc(r.patches.size());
        result.complete(List.of(r));
      } catch (Exception | OutOfMemoryError e) {
        failures.inc();
        result.complete(List.of(EdgeResult.failed(g.planned, "edge SR failed: " + e)));
      } finally {
        inFlight.decrementAndGet();
      }
    });
  }

  @Override
  public void timeout(GeneratedTask g, ResultFuture<EdgeResult> result) {
    failures.inc();
    result.complete(List.of(EdgeResult.failed(g.planned, "edge SR timed out")));
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
