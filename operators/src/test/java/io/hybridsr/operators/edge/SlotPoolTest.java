package io.hybridsr.operators.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A hanging runner on a one-slot edge: its timeout, its slot, and the tasks behind it. */
class SlotPoolTest {

  /** Records how each piece of work ended. */
  static final class Ends {
    final Map<String, String> how = new ConcurrentHashMap<>();
    final CountDownLatch all;

    Ends(int n) {
      all = new CountDownLatch(n);
    }

    SlotPool.Outcome<String> of(String name) {
      return new SlotPool.Outcome<>() {
        @Override
        public void done(String value) {
          how.put(name, "done:" + value);
          all.countDown();
        }

        @Override
        public void failed(Throwable error) {
          how.put(name, "failed:" + error);
          all.countDown();
        }

        @Override
        public void timedOut() {
          how.put(name, "timed out");
          all.countDown();
        }
      };
    }
  }

  @Test
  void aHangingCallTimesOutAloneKeepsItsSlotUntilItReturnsAndTheQueueBehindItIsServed()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch hanging = new CountDownLatch(1);
    Ends ends = new Ends(4);
    try (SlotPool pool = new SlotPool("test", 1, Duration.ofMillis(300))) {
      // A runner that ignores interrupts (a native call does) until released.
      pool.submit(
          () -> {
            hanging.countDown();
            while (true) {
              try {
                if (release.await(10, TimeUnit.SECONDS)) {
                  return "late";
                }
              } catch (InterruptedException ignored) {
                // like a native call: the interrupt does not stop it
              }
            }
          },
          ends.of("hang"));
      hanging.await();
      for (String name : List.of("a", "b", "c")) {
        pool.submit(
            () -> {
              Thread.sleep(100);
              return name;
            },
            ends.of(name));
      }
      // Well past the service timeout of everything queued: only the hanging call timed out.
      Thread.sleep(900);
      assertEquals(Map.of("hang", "timed out"), ends.how, "only the slow call is answered");
      assertEquals(1, pool.busy(), "the slot is not given back while the call still runs");
      assertEquals(3, pool.queued(), "the tasks behind it wait, not failed");

      release.countDown();
      assertTrue(ends.all.await(10, TimeUnit.SECONDS), ends.how.toString());
      assertEquals(
          Map.of("hang", "timed out", "a", "done:a", "b", "done:b", "c", "done:c"),
          ends.how,
          "each answered once; the queued ones with their own timeout, served");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (pool.busy() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(0, pool.busy());
      assertEquals(0, pool.queued());
    }
  }

  @Test
  void aCallThatRespectsInterruptsIsStoppedAndFreesItsSlot() throws Exception {
    Ends ends = new Ends(2);
    try (SlotPool pool = new SlotPool("test", 1, Duration.ofMillis(200))) {
      pool.submit(
          () -> {
            Thread.sleep(60_000);
            return "never";
          },
          ends.of("slow"));
      pool.submit(() -> "next", ends.of("next"));
      assertTrue(ends.all.await(10, TimeUnit.SECONDS), ends.how.toString());
      assertEquals(Map.of("slow", "timed out", "next", "done:next"), ends.how);
    }
  }
}
