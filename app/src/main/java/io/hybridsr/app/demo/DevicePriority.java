package io.hybridsr.app.demo;

import java.io.IOException;
import java.util.Optional;

/**
 * Lowers the CPU priority of the calling thread, so that the demo's devices, which run as threads
 * of the edge's JVM, take the CPU the edge leaves free instead of slowing the edge's generation: as
 * they would on machines of their own. Used where the devices cannot have CPUs of their own ({@link
 * CpuPinning}). Linux only ({@code renice} on the thread's kernel id); anywhere else it says why it
 * could not and the thread keeps its priority.
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
    return LinuxThreads.canRun("renice");
  }

  /**
   * Gives the calling thread (and the ONNX Runtime work it runs in its own thread) nice value
   * {@link #NICE}; returns why it could not, or empty when it did.
   */
  static Optional<String> lowerCurrentThread() {
    try {
      return LinuxThreads.run(
          "renice", "-n", String.valueOf(NICE), "-p", LinuxThreads.currentThreadId());
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of("no /proc/thread-self here (" + e.getMessage() + ")");
    }
  }
}
