package io.hybridsr.kafka.records;

/** A patch record that cannot be read; {@link #header()} names what is wrong. */
public final class MalformedPatchException extends IllegalArgumentException {
  private final String header;

  public MalformedPatchException(String header, String message) {
    super(message);
    this.header = header;
  }

  public String header() {
    return header;
  }
}
