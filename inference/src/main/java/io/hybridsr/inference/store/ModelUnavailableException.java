package io.hybridsr.inference.store;

/**
 * Weights that are missing, damaged or cannot be fetched, with what to do about it.
 *
 * <p>Unchecked: nothing can go on without the weights, and the message is written for the person at
 * the terminal (what to install, or where to put the files by hand).
 */
public final class ModelUnavailableException extends RuntimeException {
  public ModelUnavailableException(String message) {
    super(message);
  }

  public ModelUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
