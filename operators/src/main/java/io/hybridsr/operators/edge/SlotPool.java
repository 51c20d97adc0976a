package io.hybridsr.operators.edge;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The edge's GPU slots: work waits in order for a free slot, and its timeout covers its service
 * only, not that wait.
 *
 * <p>Why not the async operator's own timeout: it starts when an element enters the operator, so a
 * slow call would time out the tasks queued behind it. Here a call that outlives its service
 * timeout is answered as timed out at once and asked to stop (its thread is interrupted), but its
 * slot is only given back when the call really returns: a GPU cannot run two models in one slot,
 * and the tasks behind it keep their own full timeout.
 */
final class SlotPool implements AutoCloseable {
  private final ThreadPoolExecutor slots;
  private final ScheduledExecutorService timer;
  private final long serviceTimeoutMs;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger busy = new AtomicInteger();

  /** What becomes of one piece of work; exactly one of the callbacks is called, once. */
  interface Outcome<T> {
    void done(T value);

    void failed(Throwable error);

    void timedOut();
  }

  SlotPool(String name, int slotCount, Duration serviceTimeout) {
    if (slotCount < 1) {
      throw new IllegalArgumentException("slots must be >= 1, got " + slotCount);
    }
    this.serviceTimeoutMs = serviceTimeout.toMillis();
    AtomicInteger n = new AtomicInteger();
    this.slots =
        new ThreadPoolExecutor(
            slotCount,
            slotCount,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, name + "-slot-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name + "-service-timeout");
              t.setDaemon(true);
              return t;
            });
  }

  /** Work waiting for a slot. */
  int queued() {
    return queued.get();
  }

  /** Slots serving work now (including calls already answered as timed out). */
  int busy() {
    return busy.get();
  }

  /** Queues {@code work}; when a slot takes it, its service timeout starts. */
  <T> void submit(Callable<T> work, Outcome<T> outcome) {
    queued.incrementAndGet();
    AtomicBoolean answered = new AtomicBoolean();
    slots.execute(
        () -> {
          queued.decrementAndGet();
          busy.incrementAndGet();
          Thread worker = Thread.currentThread();
          ScheduledFuture<?> deadline =
              timer.schedule(
                  () -> {
                    if (answered.compareAndSet(false, true)) {
                      outcome.timedOut();
                      worker.interrupt();
                    }
                  },
                  serviceTimeoutMs,
                  TimeUnit.MILLISECONDS);
          try {
            T v = work.call();
            if (answered.compareAndSet(false, true)) {
              outcome.done(v);
            }
          } catch (Exception | OutOfMemoryError e) {
            if (answered.compareAndSet(false, true)) {
              outcome.failed(e);
            }
          } finally {
            deadline.cancel(false);
            Thread.interrupted(); // an interrupt meant for this call must not hit the next one
            busy.decrementAndGet();
          }
        });
  }

  /** Stops taking work and interrupts what runs; queued work is dropped. */
  @Override
  public void close() {
    slots.shutdownNow();
    timer.shutdownNow();
  }

  /**
   * Closes, then waits up to {@code wait} for the calls still running to return; true when none
   * runs any more (so the models they used may be closed).
   */
  boolean closeAndAwait(Duration wait) throws InterruptedException {
    close();
    return slots.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A consumer adapter, for callers that treat failure and timeout alike. */
  static <T> Outcome<T> of(Consumer<T> done, Consumer<String> failed) {
    return new Outcome<>() {
      @Override
      public void done(T value) {
        done.accept(value);
      }

      @Override
      public void failed(Throwable error) {
        failed.accept(error.toString());
      }

      @Override
      public void timedOut() {
        failed.accept("timed out");
      }
    };
  }
}
