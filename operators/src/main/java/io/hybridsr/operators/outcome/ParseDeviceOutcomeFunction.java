package io.hybridsr.operators.outcome;

import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.operators.ingest.ParseTaskFunction;
import io.hybridsr.operators.kafka.DeadLetter;
import io.hybridsr.operators.kafka.RawRecord;
import io.hybridsr.operators.metrics.JobMetric;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Parses a record of a device outcome topic and checks what can be checked without the plan: it is
 * an outcome, it names a task, its kind is one a device reports, and the device it names is the
 * device whose topic it is on. Everything else goes to {@link ParseTaskFunction#DEAD_LETTERS} with
 * the reason and is counted in {@code malformedDeviceOutcomes}; nothing thrown escapes.
 *
 * <p>Whether the task was planned for that device is {@link RelayDeviceOutcomeFunction}'s check.
 */
public final class ParseDeviceOutcomeFunction extends ProcessFunction<RawRecord, DeviceOutcome> {
  private static final long serialVersionUID = 1L;

  /**
   * What a device may report: its stitched image (COMPLETED), missing patches (INCOMPLETE), or a
   * stitching error (FAILED). PLANNED is the edge's alone.
   */
  public static final Set<Outcome.Status> DEVICE_STATUSES =
      EnumSet.of(Outcome.Status.COMPLETED, Outcome.Status.INCOMPLETE, Outcome.Status.FAILED);

  private transient Counter in;
  private transient Counter malformed;

  @Override
  public void open(OpenContext ctx) {
    in = getRuntimeContext().getMetricGroup().counter(JobMetric.DEVICE_OUTCOMES_IN.metricName());
    malformed =
        getRuntimeContext()
            .getMetricGroup()
            .counter(JobMetric.MALFORMED_DEVICE_OUTCOMES.metricName());
  }

  @Override
  public void processElement(RawRecord r, Context ctx, Collector<DeviceOutcome> out) {
    in.inc();
    try {
      String device = Topics.deviceOfOutcomeTopic(r.topic);
      if (device == null) {
        reject(
            r,
            ctx,
            "topic '"
                + r.topic
                + "' is not a device outcome topic ("
                + Topics.OUTCOMES_PREFIX
                + "<deviceId>)",
            "topic");
        return;
      }
      if (r.value == null || r.value.length == 0) {
        reject(r, ctx, "empty value: a device outcome is an Outcome JSON object", "value");
        return;
      }
      Outcome o;
      try {
        o = JsonCodec.fromBytes(r.value, Outcome.class);
      } catch (IllegalArgumentException e) {
        reject(r, ctx, "not an outcome: " + e.getMessage(), "value");
        return;
      }
      if (o == null || o.taskId() == null || o.taskId().isBlank()) {
        reject(r, ctx, "missing taskId", "taskId");
        return;
      }
      if (r.key != null && !o.taskId().equals(new String(r.key, StandardCharsets.UTF_8))) {
        reject(
            r,
            ctx,
            "record key '"
                + new String(r.key, StandardCharsets.UTF_8)
                + "' is not the outcome's taskId '"
                + o.taskId()
                + "'",
            "taskId");
        return;
      }
      if (o.status() == null || !DEVICE_STATUSES.contains(o.status())) {
        reject(
            r,
            ctx,
            "status " + o.status() + " is not one a device may report " + DEVICE_STATUSES,
            "status");
        return;
      }
      if (!device.equals(o.deviceId())) {
        reject(
            r,
            ctx,
            "forged: outcome names device '"
                + o.deviceId()
                + "' but was written to the "
                + "outcome topic of device '"
                + device
                + "'",
            "deviceId");
        return;
      }
      out.collect(new DeviceOutcome(device, o, r));
    } catch (RuntimeException e) {
      reject(r, ctx, "unexpected error reading a device outcome: " + e, null);
    }
  }

  private void reject(RawRecord r, Context ctx, String reason, String field) {
    malformed.inc();
    ctx.output(
        ParseTaskFunction.DEAD_LETTERS,
        new DeadLetter(r, reason, field, System.currentTimeMillis()));
  }
}
