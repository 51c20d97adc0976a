package io.hybridsr.operators.ingest;

import io.hybridsr.operators.kafka.DeadLetter;
import io.hybridsr.operators.kafka.RawRecord;
import io.hybridsr.operators.metrics.JobMetric;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by task id: admits a task once, and only for a device and edge this deployment serves.
 *
 * <p>A second record with a task id already admitted (within {@code duplicateWindow}) goes to the
 * dead-letter output: two tasks under one id would overwrite each other's image. The state is
 * checkpointed with the source offsets, so a replay after recovery is not mistaken for a duplicate.
 */
public final class AdmissionFunction
    extends KeyedProcessFunction<String, ArrivedTask, ArrivedTask> {
  private static final long serialVersionUID = 1L;

  private final Set<String> knownDevices;
  private final Set<String> knownEdges;
  private final long duplicateWindowMs;
  private transient ValueState<Long> admittedAt;
  private transient Counter duplicates;
  private transient Counter unknown;

  /** Empty sets admit any device or edge. */
  public AdmissionFunction(
      Set<String> knownDevices, Set<String> knownEdges, Duration duplicateWindow) {
    this.knownDevices = Set.copyOf(knownDevices);
    this.knownEdges = Set.copyOf(knownEdges);
    this.duplicateWindowMs = duplicateWindow.toMillis();
  }

  @Override
  public void open(OpenContext ctx) {
    ValueStateDescriptor<Long> d = new ValueStateDescriptor<>("admitted-at", Types.LONG);
    d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(duplicateWindowMs)).build());
    admittedAt = getRuntimeContext().getState(d);
    duplicates =
        getRuntimeContext().getMetricGroup().counter(JobMetric.DUPLICATE_TASKS.metricName());
    unknown =
        getRuntimeContext().getMetricGroup().counter(JobMetric.UNKNOWN_DEVICE_OR_EDGE.metricName());
  }

  @Override
  public void processElement(ArrivedTask a, Context ctx, Collector<ArrivedTask> out)
      throws Exception {
    if (!knownDevices.isEmpty() && !knownDevices.contains(a.task.deviceId())) {
      unknown.inc();
      reject(
          a,
          ctx,
          "unknown device '" + a.task.deviceId() + "': not served by this deployment",
          "deviceId");
      return;
    }
    if (!knownEdges.isEmpty() && !knownEdges.contains(a.task.edgeId())) {
      unknown.inc();
      reject(
          a, ctx, "unknown edge '" + a.task.edgeId() + "': not part of this deployment", "edgeId");
      return;
    }
    if (admittedAt.value() != null) {
      duplicates.inc();
      reject(a, ctx, "duplicate taskId: a task with this id was already accepted", "taskId");
      return;
    }
    admittedAt.update(a.arrivedAtMs);
    a.raw = null;
    out.collect(a);
  }

  private static void reject(ArrivedTask a, Context ctx, String reason, String field) {
    RawRecord raw = a.raw != null ? a.raw : new RawRecord();
    ctx.output(
        ParseTaskFunction.DEAD_LETTERS,
        new DeadLetter(raw, reason, field, System.currentTimeMillis()));
  }
}
