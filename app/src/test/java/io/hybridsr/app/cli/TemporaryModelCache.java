package io.hybridsr.app.cli;

import io.hybridsr.inference.standin.StandIns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points the model cache ({@link StandIns#useCacheRoot}) at a fresh folder for one test class, so
 * its stand-ins and converted models do not meet the user's, and puts it back afterwards.
 */
final class TemporaryModelCache implements BeforeAllCallback, AfterAllCallback {
  private StandIns.CacheRestore restore;
  private Path dir;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("hybridsr-cache");
    restore = StandIns.useCacheRoot(dir);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    restore.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
