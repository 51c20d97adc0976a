package io.hybridsr.core.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image file that cannot be read or written, with the file and the rule it broke.
 *
 * <p>Checked, so that callers (CLI, device app) decide whether a bad file stops the run or is
 * reported and skipped.
 */
public final class ImageFileException extends IOException {
  private final Path file;

  public ImageFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public ImageFileException(Path file, String problem, Throwable cause) {
    super(file + ": " + problem, cause);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
