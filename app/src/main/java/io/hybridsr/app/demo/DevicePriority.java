package io.hybridsr.app.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Lowers the CPU priority of the calling thread, so that the demo's devices, which run as threads
 * of the edge's JVM, take the CPU the edge leaves free instead of slowing the edge's generation: as
 * they would on machines of their own. Linux only ({@code /proc/thread-self} names the thread's
 * kernel id, util-linux's {@code renice} sets its nice value); anywhere else it says why it could
 * not and the thread keeps its priority.
 */
final class DevicePriority {
  /**
   * The devices' nice value: at 10 the kernel's scheduler gives a thread about a tenth of the
   * weight of one at 0, so where they compete for a core the edge runs at nearly its speed alone.
   */
  static final int NICE = 10;

  private DevicePriority() {}

  /** Whether it can be done here: Linux's {@code /proc/thread-self} and {@code renice}. */
  static boolean available() {
    if (!Files.isSymbolicLink(Path.of("/proc/thread-self"))) {
      return false;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "renice"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Gives the calling thread (and the ONNX Runtime work it runs in its own thread) nice value
   * {@link #NICE}; returns why it could not, or empty when it did.
   */
  static Optional<String> lowerCurrentThread() {
    try {
      // "/proc/thread-self" links to "<pid>/task/<tid>": the kernel's id of this thread.
      String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
      Process p =
          new ProcessBuilder("renice", "-n", String.valueOf(NICE), "-p", tid)
              .redirectErrorStream(true)
              .start();
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of("renice did not answer");
      }
      return p.exitValue() == 0 ? Optional.empty() : Optional.of("renice: " + said);
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of("no /proc/thread-self or renice here (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }
}
