package io.hybridsr.inference.ncnn;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@code .param} or {@code .bin} file that is not what the converter can read, with the file and
 * (where known) the line or byte offset.
 */
public final class NcnnFormatException extends IOException {
  private final Path file;

  public NcnnFormatException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
  }

  public Path file() {
    return file;
  }
}
