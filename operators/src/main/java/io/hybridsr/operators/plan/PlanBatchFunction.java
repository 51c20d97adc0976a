package io.hybridsr.operators.plan;

import io.hybridsr.core.stage.Stage;
import io.hybridsr.kafka.records.Measurement;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.operators.metrics.JobMetric;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by edge: plans each window of that edge's tasks (input 1) with what the edge has learned
 * and queued, and learns from the measurements its operators and devices feed back (input 2).
 *
 * <p>The learned speeds and the backlog ({@link PlanningState}) live in checkpointed keyed state,
 * so a restart plans with what was learned before it. Tasks refused at admission leave as REJECTED
 * outcomes on {@link #REJECTED}.
 *
 * <p>Metrics (operator scope, in the Flink dashboard): {@code windowSize}, {@code
 * schedulingMillis}, {@code saUtility}, {@code saIterations}, {@code degradedWindows}, {@code
 * plannedTasks}, {@code rejectedTasks}, {@code edgeBacklogSeconds}, {@code predictedT1..T6}, {@code
 * predictedTotal} (mean of the last window), and per stage {@code predictionErrorPermille_<stage>}
 * (|measured - predicted| / predicted, per mille, of the measurements fed back) and {@code
 * measurements}.
 */
public final class PlanBatchFunction
    extends KeyedCoProcessFunction<String, TaskBatch, Measurement, PlannedTask> {
  private static final long serialVersionUID = 1L;
  private static final int HISTOGRAM_WINDOW = 1024;

  /** Tasks refused at admission. */
  public static final OutputTag<Outcome> REJECTED = new OutputTag<>("rejected") {};

  private final BatchPlanner planner;
  private transient ValueState<PlanningState> state;
  private transient Histogram windowSize;
  private transient Histogram schedulingMillis;
  private transient Counter planned;
  private transient Counter rejected;
  private transient Counter degradedWindows;
  private transient Counter measurements;
  private transient Map<Stage, Histogram> errors;
  private transient volatile double lastUtility;
  private transient volatile double lastIterations;
  private transient volatile double backlogSeconds;
  private transient volatile double admissionFactor = 1;
  private transient volatile double[] lastPredicted;

  public PlanBatchFunction(BatchPlanner planner) {
    this.planner = planner;
  }

  @Override
  public void open(OpenContext ctx) {
    state =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    "planning-state", TypeInformation.of(PlanningState.class)));
    MetricGroup g = getRuntimeContext().getMetricGroup();
    windowSize =
        g.histogram(
            JobMetric.WINDOW_SIZE.metricName(),
            new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    schedulingMillis =
        g.histogram(
            JobMetric.SCHEDULING_MILLIS.metricName(),
            new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    planned = g.counter(JobMetric.PLANNED_TASKS.metricName());
    rejected = g.counter(JobMetric.REJECTED_TASKS.metricName());
    degradedWindows = g.counter(JobMetric.DEGRADED_WINDOWS.metricName());
    measurements = g.counter(JobMetric.MEASUREMENTS.metricName());
    lastPredicted = new double[7];
    g.gauge(JobMetric.SA_UTILITY.metricName(), () -> lastUtility);
    g.gauge(JobMetric.SA_ITERATIONS.metricName(), () -> lastIterations);
    g.gauge(JobMetric.EDGE_BACKLOG_SECONDS.metricName(), () -> backlogSeconds);
    g.gauge(JobMetric.ADMISSION_FACTOR.metricName(), () -> admissionFactor);
    JobMetric[] predicted = JobMetric.predicted();
    for (int i = 0; i < predicted.length; i++) {
      final int k = i;
      g.gauge(predicted[i].metricName(), () -> lastPredicted[k]);
    }
    errors = new EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      errors.put(
          s,
          g.histogram(
              JobMetric.predictionError(s).metricName(),
              new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW)));
    }
  }

  private PlanningState state() throws Exception {
    PlanningState s = state.value();
    return s != null ? s : new PlanningState();
  }

  @Override
  public void processElement1(TaskBatch batch, Context ctx, Collector<PlannedTask> out)
      throws Exception {
    PlanningState s = state();
    long now = System.currentTimeMillis();
    long start = System.nanoTime();
    BatchPlanner.Plan plan = planner.plan(batch.edgeId, batch.tasks, s, now);
    long tookNanos = System.nanoTime() - start;
    state.update(s);
    BatchPlanner.PlanStats stats = planner.lastStats();
    windowSize.update(batch.tasks.size());
    schedulingMillis.update(tookNanos / 1_000_000);
    lastUtility = stats.totalUtility();
    lastIterations = stats.iterations();
    backlogSeconds = s.backlog.edgeBacklogSeconds(now);
    admissionFactor = s.admissionFactor();
    if (stats.degraded()) {
      degradedWindows.inc();
    }
    for (BatchPlanner.Rejection r : plan.rejected()) {
      rejected.inc();
      ctx.output(REJECTED, PlannedOutcomes.rejected(r.task().task, r.reason()));
    }
    double[] sums = new double[7];
    for (PlannedTask p : plan.planned()) {
      sums[0] += p.t1;
      sums[1] += p.t2;
      sums[2] += p.t3;
      sums[3] += p.t4;
      sums[4] += p.t5;
      sums[5] += p.t6;
      sums[6] += p.total;
      planned.inc();
      out.collect(p);
    }
    for (int i = 0; i < sums.length && !plan.planned().isEmpty(); i++) {
      sums[i] /= plan.planned().size();
    }
    lastPredicted = sums;
  }

  @Override
  public void processElement2(Measurement m, Context ctx, Collector<PlannedTask> out)
      throws Exception {
    PlanningState s = state();
    long now = System.currentTimeMillis();
    double err = planner.learn(m, s, now);
    state.update(s);
    backlogSeconds = s.backlog.edgeBacklogSeconds(now);
    measurements.inc();
    if (Double.isFinite(err)) {
      errors.get(Stage.ofKey(m.stage())).update(Math.round(Math.abs(err) * 1000));
    }
  }
}
