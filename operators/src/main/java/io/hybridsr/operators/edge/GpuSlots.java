package io.hybridsr.operators.edge;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run model calls for one async operator: as many as GPU slots, so the async
 * operator's capacity and the model's concurrency are the same number.
 */
final class GpuSlots {
  private GpuSlots() {}

  static ExecutorService create(String name, int slots) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(slots, slots, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
