package io.hybridsr.operators.outcome;

import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.operators.ingest.ParseTaskFunction;
import io.hybridsr.operators.kafka.DeadLetter;
import io.hybridsr.operators.metrics.JobMetric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by task id: relays a device's outcome to {@code hybridsr.results} only if the device that
 * wrote it (the owner of its outcome topic) is the device the job planned the task for.
 *
 * <p>Input 1 is the job's own PLANNED outcomes: they fill the task's planned device (kept as long
 * as a task id is remembered, {@code planRetention}). Input 2 is the device outcomes that passed
 * {@link ParseDeviceOutcomeFunction}. A device outcome that arrives before its plan (after a
 * recovery the plan may be re-derived after the outcome is re-read) waits in state for up to {@code
 * planWait}; if no plan comes it is dead-lettered as unplanned. One from another device than the
 * planned one is dead-lettered as forged. Neither is ever relayed. A genuine outcome is relayed
 * once per task and status; a repeat (a device redoing a task after a crash) is dropped.
 *
 * <p>State is checkpointed with the source offsets: after a recovery, outcomes relayed since the
 * last checkpoint are relayed again (the results sink is at-least-once, docs/reliability.md).
 *
 * <p>Metrics: {@code relayedDeviceOutcomes}, {@code forgedDeviceOutcomes}, {@code
 * unplannedDeviceOutcomes}, {@code duplicateDeviceOutcomes}.
 */
public final class RelayDeviceOutcomeFunction
    extends KeyedCoProcessFunction<String, Outcome, DeviceOutcome, Outcome> {
  private static final long serialVersionUID = 1L;

  private final long planWaitMs;
  private final long planRetentionMs;

  /** Measured device stages of relayed outcomes, for the planner of the task's edge. */
  public static final org.apache.flink.util.OutputTag<io.hybridsr.kafka.records.Measurement>
      MEASUREMENTS = new org.apache.flink.util.OutputTag<>("device-measurements") {};

  private transient ValueState<String> plannedDevice;
  private transient ValueState<String> plannedEdge;
  private transient ValueState<Integer> relayedStatuses;
  private transient ListState<DeviceOutcome> waiting;
  private transient ValueState<Long> waitTimer;
  private transient Counter relayed;
  private transient Counter forged;
  private transient Counter unplanned;
  private transient Counter duplicates;

  /**
   * @param planWait how long a device outcome waits for its task's plan before it is refused
   * @param planRetention how long a task's planned device is remembered (the duplicate window)
   */
  public RelayDeviceOutcomeFunction(Duration planWait, Duration planRetention) {
    if (planWait.isNegative()
        || planWait.isZero()
        || planRetention.isNegative()
        || planRetention.isZero()) {
      throw new IllegalArgumentException("planWait and planRetention must be positive");
    }
    this.planWaitMs = planWait.toMillis();
    this.planRetentionMs = planRetention.toMillis();
  }

  @Override
  public void open(OpenContext ctx) {
    StateTtlConfig ttl = StateTtlConfig.newBuilder(Duration.ofMillis(planRetentionMs)).build();
    ValueStateDescriptor<String> device =
        new ValueStateDescriptor<>("planned-device", Types.STRING);
    device.enableTimeToLive(ttl);
    plannedDevice = getRuntimeContext().getState(device);
    ValueStateDescriptor<String> edge = new ValueStateDescriptor<>("planned-edge", Types.STRING);
    edge.enableTimeToLive(ttl);
    plannedEdge = getRuntimeContext().getState(edge);
    ValueStateDescriptor<Integer> statuses =
        new ValueStateDescriptor<>("relayed-statuses", Types.INT);
    statuses.enableTimeToLive(ttl);
    relayedStatuses = getRuntimeContext().getState(statuses);
    waiting =
        getRuntimeContext()
            .getListState(
                new ListStateDescriptor<>(
                    "waiting-for-plan", TypeInformation.of(DeviceOutcome.class)));
    waitTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("wait-timer", Types.LONG));
    relayed =
        getRuntimeContext()
            .getMetricGroup()
            .counter(JobMetric.RELAYED_DEVICE_OUTCOMES.metricName());
    forged =
        getRuntimeContext().getMetricGroup().counter(JobMetric.FORGED_DEVICE_OUTCOMES.metricName());
    unplanned =
        getRuntimeContext()
            .getMetricGroup()
            .counter(JobMetric.UNPLANNED_DEVICE_OUTCOMES.metricName());
    duplicates =
        getRuntimeContext()
            .getMetricGroup()
            .counter(JobMetric.DUPLICATE_DEVICE_OUTCOMES.metricName());
  }

  /** The job's PLANNED outcome of this task: who may report on it. */
  @Override
  public void processElement1(Outcome plan, Context ctx, Collector<Outcome> out) throws Exception {
    if (plan.deviceId() == null) {
      return;
    }
    plannedDevice.update(plan.deviceId());
    if (plan.edgeId() != null) {
      plannedEdge.update(plan.edgeId());
    }
    List<DeviceOutcome> early = new ArrayList<>();
    for (DeviceOutcome d : waiting.get()) {
      early.add(d);
    }
    if (early.isEmpty()) {
      return;
    }
    waiting.clear();
    Long timer = waitTimer.value();
    if (timer != null) {
      ctx.timerService().deleteProcessingTimeTimer(timer);
      waitTimer.clear();
    }
    for (DeviceOutcome d : early) {
      judge(d, plan.deviceId(), ctx, out);
    }
  }

  /** A device's outcome of this task. */
  @Override
  public void processElement2(DeviceOutcome d, Context ctx, Collector<Outcome> out)
      throws Exception {
    String planned = plannedDevice.value();
    if (planned != null) {
      judge(d, planned, ctx, out);
      return;
    }
    waiting.add(d);
    if (waitTimer.value() == null) {
      long at = ctx.timerService().currentProcessingTime() + planWaitMs;
      ctx.timerService().registerProcessingTimeTimer(at);
      waitTimer.update(at);
    }
  }

  /** No plan came in time: the task is not one this job planned (or no longer remembers). */
  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Outcome> out) throws Exception {
    waitTimer.clear();
    for (DeviceOutcome d : waiting.get()) {
      unplanned.inc();
      ctx.output(
          ParseTaskFunction.DEAD_LETTERS,
          new DeadLetter(
              d.raw,
              "unplanned: no plan for task '"
                  + d.outcome.taskId()
                  + "' within "
                  + planWaitMs
                  + " ms of device '"
                  + d.device
                  + "' reporting it "
                  + d.outcome.status(),
              "taskId",
              System.currentTimeMillis()));
    }
    waiting.clear();
  }

  private void judge(DeviceOutcome d, String planned, Context ctx, Collector<Outcome> out)
      throws Exception {
    if (!planned.equals(d.device)) {
      forged.inc();
      ctx.output(
          ParseTaskFunction.DEAD_LETTERS,
          new DeadLetter(
              d.raw,
              "forged: task '"
                  + d.outcome.taskId()
                  + "' was planned for device '"
                  + planned
                  + "', but this "
                  + d.outcome.status()
                  + " outcome came from device '"
                  + d.device
                  + "' (topic "
                  + Topics.deviceOutcomeTopic(d.device)
                  + ")",
              "deviceId",
              System.currentTimeMillis()));
      return;
    }
    int bit = 1 << d.outcome.status().ordinal();
    Integer done = relayedStatuses.value();
    int mask = done == null ? 0 : done;
    if ((mask & bit) != 0) {
      duplicates.inc();
      return;
    }
    relayedStatuses.update(mask | bit);
    relayed.inc();
    out.collect(d.outcome.withSource("device:" + d.device));
    feedBack(d, ctx);
  }

  /**
   * The device's measured stages and its end, for the planner of the task's edge (which knows each
   * stage's units from its plan). Only outcomes of the planned device get here.
   */
  private void feedBack(DeviceOutcome d, Context ctx) throws Exception {
    String edge = plannedEdge.value();
    Outcome o = d.outcome;
    if (edge == null) {
      return;
    }
    long now = System.currentTimeMillis();
    // The device's clock may differ from the job's: its end time is kept within what is possible.
    long end = Math.min(now, o.timestampMs() > 0 ? o.timestampMs() : now);
    Outcome.Timings m = o.measured();
    if (o.status() == Outcome.Status.COMPLETED && m != null) {
      measured(ctx, edge, o, io.hybridsr.core.stage.Stage.DEVICE_SR, m.t3(), end);
      measured(ctx, edge, o, io.hybridsr.core.stage.Stage.LINK_FG, m.t4(), end);
      measured(ctx, edge, o, io.hybridsr.core.stage.Stage.LINK_BG, m.t5(), end);
      measured(ctx, edge, o, io.hybridsr.core.stage.Stage.STITCH, m.stitch(), end);
      if (m.total() != null) {
        // before DONE, which retires the plan these are compared with
        measured(ctx, edge, o, io.hybridsr.kafka.records.Measurement.TOTAL, m.total(), end);
        if (m.t1() != null && m.t6() != null) {
          double handoff = m.total() - m.t1() - m.t6();
          measured(ctx, edge, o, io.hybridsr.kafka.records.Measurement.HANDOFF, handoff, end);
        }
      }
    }
    if (o.status() != Outcome.Status.PLANNED) {
      ctx.output(
          MEASUREMENTS,
          new io.hybridsr.kafka.records.Measurement(
              edge,
              o.taskId(),
              d.device,
              io.hybridsr.kafka.records.Measurement.DONE,
              "",
              0,
              0,
              0,
              end));
    }
  }

  private static void measured(
      Context ctx,
      String edge,
      Outcome o,
      io.hybridsr.core.stage.Stage s,
      Double seconds,
      long end) {
    if (seconds != null && seconds > 0) {
      measured(ctx, edge, o, s.key(), seconds, end);
    }
  }

  /**
   * A measured time under {@code key}: a stage's, or one that is not (T, the hand-off, any sign).
   * Units 0: the planner takes them from its own plan of the task.
   */
  private static void measured(
      Context ctx, String edge, Outcome o, String key, double seconds, long end) {
    ctx.output(
        MEASUREMENTS,
        new io.hybridsr.kafka.records.Measurement(
            edge, o.taskId(), o.deviceId(), key, "", 0, 0, seconds, end));
  }
}
