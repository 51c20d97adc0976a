package io.hybridsr.kafka;

/** The cluster could not be reached or set up (topics, ACLs, the in-JVM broker). */
public class KafkaSetupException extends RuntimeException {
  public KafkaSetupException(String message, Throwable cause) {
    super(
        message + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()),
        cause);
  }
}
