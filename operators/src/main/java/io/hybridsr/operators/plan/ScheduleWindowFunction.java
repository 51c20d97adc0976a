package io.hybridsr.operators.plan;

import io.hybridsr.operators.ingest.ArrivedTask;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.GlobalWindow;
import org.apache.flink.util.Collector;

/**
 * Runs the scheduler on one edge's window of concurrent tasks and emits a planned task per user.
 *
 * <p>Metrics (operator scope, visible in the Flink dashboard): {@code windowSize},
 * {@code schedulingMillis}, {@code saUtility}, {@code saIterations}, {@code degradedWindows},
 * {@code plannedTasks} and {@code predictedT1..predictedT6}, {@code predictedTotal} (seconds,
 * mean of the last window).
 */
public final class ScheduleWindowFunction
    extends ProcessWindowFunction<ArrivedTask, PlannedTask, String, GlobalWindow> {
  private static final long serialVersionUID = 1L;
  private static final int HISTOGRAM_WINDOW = 1024;

  private final BatchPlanner planner;
  private transient Histogram windowSize;
  private transient Histogram schedulingMillis;
  private transient Counter planned;
  private transient Counter degradedWindows;
  private transient volatile double lastUtility;
  private transient volatile double lastIterations;
  private transient volatile double[] lastPredicted;

  public ScheduleWindowFunction(BatchPlanner planner) {
    this.planner = planner;
  }

  @Override
  public void open(OpenContext ctx) {
    MetricGroup g = getRuntimeContext().getMetricGroup();
    windowSize = g.histogram("windowSize", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    schedulingMillis =
        g.histogram("schedulingMillis", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    planned = g.counter("plannedTasks");
    degradedWindows = g.counter("degradedWindows");
    lastPredicted = new double[7];
    g.gauge("saUtility", () -> lastUtility);
    g.gauge("saIterations", () -> lastIterations);
    String[] names = {"T1", "T2", "T3", "T4", "T5", "T6", "Total"};
    for (int i = 0; i < names.length; i++) {
      final int k = i;
      g.gauge("predicted" + names[i], () -> lastPredicted[k]);
    }
  }

  @Override
  public void process(String edgeId, Context ctx, Iterable<ArrivedTask> elements,
      Collector<PlannedTask> out) {
    List<ArrivedTask> window = new ArrayList<>();
    elements.forEach(window::add);
    long start = System.nanoTime();
    List<PlannedTask> plans = planner.plan(edgeId, window);
    long tookNanos = System.nanoTime() - start;
    BatchPlanner.PlanStats stats = planner.lastStats();

    windowSize.update(window.size());
    schedulingMillis.update(tookNanos / 1_000_000);
    lastUtility = stats.totalUtility();
    lastIterations = stats.iterations();
    if (stats.degraded()) {
      degradedWindows.inc();
    }
    double[] sums = new double[7];
    for (PlannedTask p : plans) {
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
    for (int i = 0; i < sums.length && !plans.isEmpty(); i++) {
      sums[i] /= plans.size();
    }
    lastPredicted = sums;
  }
}
