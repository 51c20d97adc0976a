package io.hybridsr.operators.edge;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * An async operator whose model calls run on its GPU slots (see {@link GpuSlots}), off the task
 * thread, counting calls in flight (async queue depth), their durations and their failures.
 *
 * <p>A model error or timeout completes the element with a failed result, never exceptionally:
 * one bad task must not restart the job and replay its window.
 */
abstract class GpuSlotFunction<IN, OUT> extends RichAsyncFunction<IN, OUT> {
  private static final long serialVersionUID = 1L;

  private final int slots;
  private transient ExecutorService pool;
  private transient AtomicInteger inFlight;
  private transient Histogram millis;
  private transient Counter failures;

  GpuSlotFunction(int slots) {
    this.slots = slots;
  }

  /**
   * Starts the slot threads, named {@code threadName-N}, with the subclass's metrics; registered
   * there under literal names so that dashboards and their test can find them in the source.
   */
  final void startSlots(String threadName, Histogram millis, Counter failures, AtomicInteger inFlight) {
    this.pool = GpuSlots.create(threadName, slots);
    this.millis = millis;
    this.failures = failures;
    this.inFlight = inFlight;
  }

  /** A histogram of model-call durations in ms, as every GPU-slot operator keeps. */
  static Histogram millisHistogram() {
    return new DescriptiveStatisticsHistogram(1024);
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
