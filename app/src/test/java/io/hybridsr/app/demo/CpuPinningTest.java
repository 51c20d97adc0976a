package io.hybridsr.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CpuPinningTest {
  @Test
  void parsesTheKernelsCpuLists() {
    assertEquals(List.of(0, 1), CpuPinning.parse("0-1"));
    assertEquals(List.of(0, 2, 3, 4, 8), CpuPinning.parse("0,2-4,8"));
    assertEquals(List.of(5), CpuPinning.parse("5\n".trim()));
  }

  @Test
  void eachDeviceGetsOneOfTheLastCpusAndTheEdgeTheRest() {
    CpuPinning.Plan plan = CpuPinning.plan(List.of(0, 1, 2, 3), 2).orElseThrow();
    assertEquals(List.of(0, 1), plan.edgeCpus());
    assertEquals(List.of(2, 3), plan.deviceCpus());
    assertEquals(
        "CPUs: the edge's runners on 0,1; device a on 2; device b on 3, with Flink, Kafka and"
            + " the JVM's own work; its JIT compilers on every CPU at nice 10 (machines of their"
            + " own, as deployed: planned apart)",
        plan.describe(List.of("a", "b")));

    CpuPinning.Plan twoCpus = CpuPinning.plan(List.of(4, 6), 1).orElseThrow();
    assertEquals(List.of(4), twoCpus.edgeCpus());
    assertEquals(List.of(6), twoCpus.deviceCpus());
  }

  @Test
  void tooFewCpusMeansSharing() {
    assertTrue(CpuPinning.plan(List.of(0, 1), 2).isEmpty(), "the edge needs a CPU too");
    assertTrue(CpuPinning.plan(List.of(0), 1).isEmpty());
    assertTrue(CpuPinning.plan(List.of(0, 1, 2), 0).isEmpty());
  }

  @Test
  void aPinnedThreadRunsOnItsCpuAlone() throws Exception {
    assumeTrue(CpuPinning.unavailable().isEmpty(), "Linux with taskset");
    List<Integer> allowed = CpuPinning.allowedCpus();
    int last = allowed.get(allowed.size() - 1);
    AtomicReference<Object> seen = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                seen.set(
                    CpuPinning.pinCurrentThread(last)
                        .map(why -> (Object) why)
                        .orElse(
                            CpuPinning.parse(
                                Files.readAllLines(Path.of("/proc/thread-self/status")).stream()
                                    .filter(l -> l.startsWith("Cpus_allowed_list:"))
                                    .findFirst()
                                    .orElseThrow()
                                    .split(":")[1]
                                    .trim())));
              } catch (Exception e) {
                seen.set(e);
              }
            });
    t.start();
    t.join();
    assertEquals(List.of(last), seen.get());
    // the test's own thread keeps every CPU
    assertEquals(allowed, CpuPinning.allowedCpus());
  }

  @Test
  void threadsFoundByNameAreKeptOnTheirCpusIncludingThoseStartedLater() throws Exception {
    assumeTrue(CpuPinning.unavailable().isEmpty(), "Linux with taskset");
    List<Integer> allowed = CpuPinning.allowedCpus();
    int first = allowed.get(0);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<List<Integer>> before = new AtomicReference<>();
    AtomicReference<List<Integer>> after = new AtomicReference<>();
    AtomicReference<List<Integer>> otherCpus = new AtomicReference<>();
    AutoCloseable kept = CpuPinning.keep(List.of("pin-test-slot"), List.of(first), failed::add);
    try {
      Thread later =
          new Thread(
              () -> {
                try {
                  before.set(ownCpus());
                  release.await();
                  after.set(ownCpus());
                } catch (Exception e) {
                  failed.add(e.toString());
                }
              },
              "pin-test-slot-1");
      Thread other = new Thread(() -> awaitQuietly(release), "pin-test-other");
      later.start();
      other.start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!List.of(first).equals(cpusOf(later)) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      // the kernel learns a new thread's name a moment after it starts
      while (cpusOf(other).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      otherCpus.set(cpusOf(other));
      release.countDown();
      later.join();
      other.join();
    } finally {
      kept.close();
    }
    assertEquals(List.of(), failed);
    assertEquals(allowed, before.get(), "started with every CPU");
    assertEquals(List.of(first), after.get(), "moved once the scan found it");
    assertEquals(allowed, otherCpus.get(), "a thread of another name stays where it was");
  }

  private final List<String> failed = new java.util.concurrent.CopyOnWriteArrayList<>();

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The calling thread's CPUs, as the kernel has them. */
  private static List<Integer> ownCpus() throws Exception {
    return cpusIn(Path.of("/proc/thread-self/status"));
  }

  /** A live thread's CPUs, found by its kernel name. */
  private static List<Integer> cpusOf(Thread t) throws Exception {
    try (var tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        if (Files.readString(task.resolve("comm")).trim().equals(t.getName())) {
          return cpusIn(task.resolve("status"));
        }
      }
    }
    return List.of();
  }

  private static List<Integer> cpusIn(Path status) throws Exception {
    return CpuPinning.parse(
        Files.readAllLines(status).stream()
            .filter(l -> l.startsWith("Cpus_allowed_list:"))
            .findFirst()
            .orElseThrow()
            .split(":")[1]
            .trim());
  }
}
