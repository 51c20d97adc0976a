package io.hybridsr.operators.edge;

import io.hybridsr.core.stage.Stage;
import io.hybridsr.inference.sdxl.SdxlPipeline;
import io.hybridsr.kafka.records.Measurement;
import io.hybridsr.operators.metrics.JobMetric;
import io.hybridsr.operators.plan.PlannedTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * The edge's GPU work on one task, on one of its GPU slots: SDXL generation at the planned size and
 * steps, the variance partition of the latent, the edge SR of the foreground patches, and the cut
 * into patch records for the device.
 *
 * <p>One slot serves one task from generation to its last foreground patch, as one GPU does: the
 * planner's queue model ({@code io.hybridsr.core.stage.Backlog}) predicts each task's wait from
 * exactly this order. Each stage's service time is measured apart from the wait and sent back to
 * the planner as {@link Measurement}s. Failures and service timeouts become failed results, never
 * exceptions: one bad task must not restart the job and replay its window.
 *
 * <p>Metrics: {@code generationMillis}, {@code edgeSrMillis}, {@code edgeWaitMillis} (histograms),
 * {@code edgeQueued}, {@code edgeBusySlots} (gauges), {@code generationFailures}, {@code
 * edgeSrFailures}, {@code edgeTimeouts}, {@code edgeColdRuns}, {@code patchesOut} (counters).
 */
public final class EdgeGpuFunction extends RichAsyncFunction<PlannedTask, EdgeResult> {
  /**
   * The edge's slot threads are named {@code edge-gpu-slot-N}: whoever places threads on CPUs (the
   * demo) finds them by it.
   */
  public static final String SLOT_POOL_NAME = "edge-gpu";

  private static final long serialVersionUID = 1L;
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(EdgeGpuFunction.class);

  /** How long close() waits for running calls; below Flink's 180 s task cancellation timeout. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

  private final EdgeModelSpec spec;
  private final int slots;
  private final long seed;
  private final int marginPx;
  private final Duration serviceTimeout;
  private final EdgeWarmUp warmUp;
  private transient EdgeWork work;
  private transient SlotPool pool;
  private transient String edgeSite;
  private transient Histogram generationMillis;
  private transient Histogram edgeSrMillis;
  private transient Histogram edgeWaitMillis;
  private transient Counter generationFailures;
  private transient Counter edgeSrFailures;
  private transient Counter timeouts;
  private transient Counter coldRuns;
  private transient Counter patchesOut;

  /**
   * @param slots GPU slots: tasks served at once
   * @param serviceTimeout longest one task may hold a slot
   */
  public EdgeGpuFunction(
      EdgeModelSpec spec, int slots, long seed, int marginPx, Duration serviceTimeout) {
    this(spec, slots, seed, marginPx, serviceTimeout, EdgeWarmUp.NONE);
  }

  /**
   * @param warmUp the generation sizes run once before the first task
   */
  public EdgeGpuFunction(
      EdgeModelSpec spec,
      int slots,
      long seed,
      int marginPx,
      Duration serviceTimeout,
      EdgeWarmUp warmUp) {
    this.warmUp = warmUp;
    this.spec = spec;
    this.slots = slots;
    this.seed = seed;
    this.marginPx = marginPx;
    this.serviceTimeout = serviceTimeout;
  }

  @Override
  public void open(OpenContext ctx) throws Exception {
    // This subtask's models: shared with the job's other subtasks, released in close().
    SdxlPipeline sdxl = spec.openSdxl();
    try {
      work = new EdgeWork(sdxl, spec.openEdgeSr(), marginPx, seed);
    } catch (RuntimeException e) {
      sdxl.close();
      throw e;
    }
    long warmStart = System.nanoTime();
    List<io.hybridsr.core.config.GenerationSize> sizes = warmUp.sizes();
    try {
      work.warmUp(sizes);
    } catch (Exception e) {
      work.close();
      throw e;
    }
    // a warmed size's first task is not cold: it is learned from like the others
    for (io.hybridsr.core.config.GenerationSize s : sizes) {
      for (int scale : io.hybridsr.core.config.CandidateSets.DEFAULT.scales()) {
        servedSizes.add(sizeKey(s.width(), s.height(), scale));
      }
    }
    LOG.info(
        "edge models warmed up in {} ms ({} generation sizes)",
        (System.nanoTime() - warmStart) / 1_000_000,
        sizes.size());
    pool = new SlotPool(SLOT_POOL_NAME, slots, serviceTimeout);
    MetricGroup g = getRuntimeContext().getMetricGroup();
    generationMillis =
        g.histogram(
            JobMetric.GENERATION_MILLIS.metricName(), new DescriptiveStatisticsHistogram(1024));
    edgeSrMillis =
        g.histogram(
            JobMetric.EDGE_SR_MILLIS.metricName(), new DescriptiveStatisticsHistogram(1024));
    edgeWaitMillis =
        g.histogram(
            JobMetric.EDGE_WAIT_MILLIS.metricName(), new DescriptiveStatisticsHistogram(1024));
    g.gauge(JobMetric.EDGE_QUEUED.metricName(), () -> pool.queued());
    g.gauge(JobMetric.EDGE_BUSY_SLOTS.metricName(), () -> pool.busy());
    generationFailures = g.counter(JobMetric.GENERATION_FAILURES.metricName());
    edgeSrFailures = g.counter(JobMetric.EDGE_SR_FAILURES.metricName());
    timeouts = g.counter(JobMetric.EDGE_TIMEOUTS.metricName());
    coldRuns = g.counter(JobMetric.EDGE_COLD_RUNS.metricName());
    patchesOut = g.counter(JobMetric.PATCHES_OUT.metricName());
  }

  @Override
  public void asyncInvoke(PlannedTask p, ResultFuture<EdgeResult> result) {
    long queuedAt = System.currentTimeMillis();
    boolean[] generated = {false};
    pool.submit(
        () -> serve(p, queuedAt, generated),
        new SlotPool.Outcome<>() {
          @Override
          public void done(EdgeResult r) {
            result.complete(List.of(r));
          }

          @Override
          public void failed(Throwable e) {
            (generated[0] ? edgeSrFailures : generationFailures).inc();
            String stage = generated[0] ? "edge SR" : "generation";
            result.complete(List.of(EdgeResult.failed(p, stage + " failed: " + e)));
          }

          @Override
          public void timedOut() {
            timeouts.inc();
            result.complete(
                List.of(
                    EdgeResult.failed(
                        p,
                        (generated[0] ? "edge SR" : "generation")
                            + " timed out after "
                            + serviceTimeout.toMillis()
                            + " ms of service")));
          }
        });
  }

  private EdgeResult serve(PlannedTask p, long queuedAt, boolean[] generated) throws Exception {
    long start = System.currentTimeMillis();
    EdgeWork.Served served = work.serve(p, () -> generated[0] = true);
    PatchCutter.Cut cut = served.cut();
    double genService = served.generationSeconds();
    double srService = served.edgeSrSeconds();
    long end = System.currentTimeMillis();
    long edgeWait = Math.max(0, start - Math.max(queuedAt, p.plannedAtMs));
    long t1Ms = Math.round(genService * 1000) + Math.max(0, start - p.plannedAtMs);
    long srMs = Math.round(srService * 1000);
    EdgeResult r = new EdgeResult();
    r.planned = p;
    r.generationSeconds = genService;
    r.edgeSrSeconds = srService;
    r.edgeSrModel = work.edgeSrName();
    r.patches =
        cut.patches().stream()
            .map(pr -> pr.withEdgeTimings(Math.max(0, start - p.plannedAtMs), t1Ms, srMs))
            .toList();
    List<Measurement> m = new ArrayList<>(3);
    String edge = p.task.edgeId();
    // A size's first run in this process is cold (ONNX Runtime plans its buffers for each new
    // input shape; cuDNN tunes its kernels): measured in the demo at 1.5-2x the runs after it.
    // It is served and reported, but not fed to the planner's learners as the runner's speed.
    boolean warm = !firstOfItsSize(p);
    if (!warm) {
      coldRuns.inc();
    }
    if (warm && p.work != null) {
      m.add(
          new Measurement(
              edge,
              p.task.taskId(),
              edge,
              Stage.GENERATION.key(),
              spec.generationRunner(),
              p.work.cellSteps(),
              p.work.decoded(),
              genService,
              end));
    }
    if (warm && cut.foregroundInputPixels() > 0) {
      double in = cut.foregroundInputPixels() / 1e6;
      m.add(
          new Measurement(
              edge,
              p.task.taskId(),
              edge,
              Stage.EDGE_SR.key(),
              spec.edgeSrRunner(),
              in,
              in * p.scale * p.scale,
              srService,
              end));
    }
    m.add(
        new Measurement(
            edge, p.task.taskId(), edge, Measurement.EDGE_DONE, spec.edgeSrRunner(), 0, 0, 0, end));
    r.measurements = m;
    generationMillis.update(Math.round(genService * 1000));
    edgeSrMillis.update(srMs);
    edgeWaitMillis.update(edgeWait);
    patchesOut.inc(r.patches.size());
    return r;
  }

  /** Generation sizes this subtask has served, at most {@link #MAX_SIZES_REMEMBERED}. */
  private final java.util.Set<String> servedSizes =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Sizes remembered at most: past that, every size counts as warm. */
  private static final int MAX_SIZES_REMEMBERED = 1024;

  private boolean firstOfItsSize(PlannedTask p) {
    return servedSizes.size() < MAX_SIZES_REMEMBERED
        && servedSizes.add(sizeKey(p.generationWidth, p.generationHeight, p.scale));
  }

  private static String sizeKey(int width, int height, int scale) {
    return width + "x" + height + "/" + scale;
  }

  @Override
  public void timeout(PlannedTask p, ResultFuture<EdgeResult> result) {
    // The slots time service out themselves; this guards only against a task stuck in the queue.
    timeouts.inc();
    result.complete(
        List.of(
            EdgeResult.failed(
                p, "queued at the edge for longer than the " + "operator's safety timeout")));
  }

  /**
   * Stops the slots and releases this subtask's models once no call runs on them. A call that does
   * not return within {@link #CLOSE_WAIT} (a hung model) keeps its models open rather than have its
   * session closed under it, which would crash the TaskManager.
   */
  @Override
  public void close() throws Exception {
    boolean idle = pool == null || pool.closeAndAwait(CLOSE_WAIT);
    if (work != null) {
      if (idle) {
        work.close();
      } else {
        LOG.warn(
            "edge GPU calls still running {} after close: their model sessions are left open",
            CLOSE_WAIT);
      }
    }
  }
}
