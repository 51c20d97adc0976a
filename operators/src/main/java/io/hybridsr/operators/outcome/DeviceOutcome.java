package io.hybridsr.operators.outcome;

import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.operators.kafka.RawRecord;

/**
 * An outcome read from a device's outcome topic, with the device that topic belongs to (the only
 * principal that may write it) and the record as it arrived (for the dead-letter topic).
 */
public class DeviceOutcome {
  /** The device named by the topic, {@code hybridsr.outcomes.<device>}: who wrote it. */
  public String device;

  public Outcome outcome;
  public RawRecord raw;

  public DeviceOutcome() {}

  public DeviceOutcome(String device, Outcome outcome, RawRecord raw) {
    this.device = device;
    this.outcome = outcome;
    this.raw = raw;
  }
}
