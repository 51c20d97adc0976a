package io.hybridsr.core.profile;

/**
 * A profile file was refused: names the file, the key and the reason.
 *
 * <p>Thrown at load so a bad constant never reaches the models.
 */
public final class ProfileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String key;
  private final String reason;

  public ProfileException(String file, String key, String reason) {
    super("profile " + file + ": key '" + key + "': " + reason);
    this.file = file;
    this.key = key;
    this.reason = reason;
  }

  public String file() {
    return file;
  }

  public String key() {
    return key;
  }

  public String reason() {
    return reason;
  }
}
