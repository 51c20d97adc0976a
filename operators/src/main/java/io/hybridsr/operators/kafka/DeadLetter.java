package io.hybridsr.operators.kafka;

/** A refused input record and why: goes to {@code hybridsr.tasks.dlq} as it came, plus reasons. */
public class DeadLetter {
  public RawRecord original;
  public String reason;
  public String field;
  public long failedAtMs;

  public DeadLetter() {}

  public DeadLetter(RawRecord original, String reason, String field, long failedAtMs) {
    this.original = original;
    this.reason = reason;
    this.field = field;
    this.failedAtMs = failedAtMs;
  }
}
