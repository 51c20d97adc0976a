package io.hybridsr.operators.edge;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * An async operator whose model calls run on its GPU slots (see {@link GpuSlots}), off the task
 * thread, with the metrics {@code <stage>Millis}, {@code <stage>InFlight} (async queue depth) and
 * {@code <stage>Failures}.
 *
 * <p>A model error or timeout completes the element with a failed result, never exceptionally:
 * one bad task must not restart the job and replay its window.
 */
abstract class GpuSlotFunction<IN, OUT> extends RichAsyncFunction<IN, OUT> {
  private static final long serialVersionUID = 1L;

  private final String stage;
  private final String threadName;
  private final int slots;
  private transient ExecutorService pool;
  private transient AtomicInteger inFlight;
  private transient Histogram millis;
  private transient Counter failures;

  /**
   * @param stage metric name prefix, e.g. {@code generation}
   * @param threadName slot thread name prefix
   */
  GpuSlotFunction(String stage, String threadName, int slots) {
    this.stage = stage;
    this.threadName = threadName;
    this.slots = slots;
  }

  @Override
  public void open(OpenContext ctx) throws Exception {
    pool = GpuSlots.create(threadName, slots);
    inFlight = new AtomicInteger();
    MetricGroup g = getRuntimeContext().getMetricGroup();
    millis = g.histogram(stage + "Millis", new DescriptiveStatisticsHistogram(1024));
    failures = g.counter(stage + "Failures");
    g.gauge(stage + "InFlight", inFlight::get);
  }

  /** Runs {@code work} on a slot and completes {@code result} with its value, or {@code failed}'s for what it threw. */
  final void runOnSlot(ResultFuture<OUT> result, Callable<OUT> work, Function<Throwable, OUT> failed) {
    inFlight.incrementAndGet();
    pool.execute(() -> {
      try {
        result.complete(List.of(work.call()));
      } catch (Exception | OutOfMemoryError e) {
        failures.inc();
        result.complete(List.of(failed.apply(e)));
      } finally {
        inFlight.decrementAndGet();
      }
    });
  }

  /** Records one model call's duration. */
  final void recordMillis(double seconds) {
    millis.update((long) (seconds * 1000));
  }

  /** The failed result for an element that ran out of time. */
  abstract OUT timedOut(IN in);

  @Override
  public final void timeout(IN in, ResultFuture<OUT> result) {
    failures.inc();
    result.complete(List.of(timedOut(in)));
  }

  @Override
  public void close() throws Exception {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
