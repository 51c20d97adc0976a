package io.hybridsr.app.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The images an earlier demo left in a device's folder. Every demo numbers its tasks demo-001,
 * demo-002, ..., and a device takes a task whose image exists as a re-delivery after its own
 * restart (its outcome is on Kafka already) and skips it, so a second demo into the same {@code
 * --out} would have its devices skip every task and never answer. Only the demo's own files are
 * removed: {@code demo-NNN.png} and what the device writes beside it ({@code .partition.png}, a
 * {@code .pending.png} left by a crash).
 */
final class EarlierRunImages {
  private static final Pattern DEMO_IMAGE = Pattern.compile("demo-\\d{3,}(\\.[a-z.]+)?\\.png");

  private EarlierRunImages() {}

  /** Removes them from {@code deviceDir} (absent is fine); returns how many were removed. */
  static int clear(Path deviceDir) {
    if (!Files.isDirectory(deviceDir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(deviceDir)) {
      List<Path> stale =
          files
              .filter(Files::isRegularFile)
              .filter(f -> DEMO_IMAGE.matcher(f.getFileName().toString()).matches())
              .toList();
      for (Path f : stale) {
        Files.delete(f);
      }
      return stale.size();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the earlier demo's images in " + deviceDir, e);
    }
  }
}
