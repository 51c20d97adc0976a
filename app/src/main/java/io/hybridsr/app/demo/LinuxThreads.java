package io.hybridsr.app.demo;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the demo needs of Linux to place its threads: the kernel's id of the calling thread and
 * util-linux's tools ({@code renice}, {@code taskset}) run on it.
 */
final class LinuxThreads {
  private static final Path THREAD_SELF = Path.of("/proc/thread-self");

  private LinuxThreads() {}

  /** Whether threads can be named to the kernel here and {@code tool} is on the PATH. */
  static boolean canRun(String tool) {
    if (!Files.isSymbolicLink(THREAD_SELF)) {
      return false;
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** The kernel's id of the calling thread: "/proc/thread-self" links to "<pid>/task/<tid>". */
  static String currentThreadId() throws IOException {
    return Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
  }

  /** Runs a command; returns what it said when it failed, or empty when it succeeded. */
  static Optional<String> run(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of(command[0] + " did not answer");
      }
      return p.exitValue() == 0 ? Optional.empty() : Optional.of(command[0] + ": " + said);
    } catch (IOException e) {
      return Optional.of("could not run " + command[0] + " (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }
}
