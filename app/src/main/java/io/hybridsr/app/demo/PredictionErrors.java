package io.hybridsr.app.demo;

import io.hybridsr.kafka.records.Outcome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The scheduler's relative prediction error per stage, |measured - predicted| / predicted, over the
 * completed tasks after a warm-up fixed in advance (the first tasks, by arrival, that the planner
 * has learned nothing from yet).
 */
public final class PredictionErrors {
  /** The stages reported, with how each reads its value from an outcome's timings. */
  public enum Term {
    T1(Outcome.Timings::t1),
    T2(Outcome.Timings::t2),
    T3(Outcome.Timings::t3),
    T4(Outcome.Timings::t4),
    T5(Outcome.Timings::t5),
    T6(Outcome.Timings::t6),
    T(Outcome.Timings::total);

    final Function<Outcome.Timings, Double> value;

    Term(Function<Outcome.Timings, Double> value) {
      this.value = value;
    }
  }

  /** One stage's errors: how many, median and 90th percentile. */
  public record Summary(Term term, int n, double median, double p90) {}

  private PredictionErrors() {}

  /** Relative errors of {@code term} for each completed task after {@code warmup}, in order. */
  public static List<double[]> errors(List<DemoTask> tasks, Term term, int warmup) {
    List<double[]> out = new ArrayList<>();
    for (int i = warmup; i < tasks.size(); i++) {
      DemoTask t = tasks.get(i);
      if (t.planned == null
          || t.finished == null
          || t.finished.status() != Outcome.Status.COMPLETED
          || t.planned.predicted() == null
          || t.finished.measured() == null) {
        continue;
      }
      Double p = term.value.apply(t.planned.predicted());
      Double m = term.value.apply(t.finished.measured());
      // A stage that does not run for this configuration (no SR at S = 1) has nothing to compare.
      if (p == null || m == null || !(p > 0.05) || !(m > 0)) {
        continue;
      }
      out.add(new double[] {i, Math.abs(m - p) / p});
    }
    return out;
  }

  /** Median and p90 per stage. */
  public static List<Summary> summarize(List<DemoTask> tasks, int warmup) {
    List<Summary> out = new ArrayList<>();
    for (Term term : Term.values()) {
      double[] e = errors(tasks, term, warmup).stream().mapToDouble(x -> x[1]).sorted().toArray();
      out.add(new Summary(term, e.length, quantile(e, 0.5), quantile(e, 0.9)));
    }
    return out;
  }

  static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

  /** The table the demo prints. */
  public static void print(List<Summary> rows, int warmup, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "prediction error |measured - predicted| / predicted, after a warm-up of " + "%d tasks:%n",
        warmup);
    out.printf(Locale.ROOT, "  %-5s %4s %9s %9s%n", "stage", "n", "median", "p90");
    for (Summary s : rows) {
      out.printf(
          Locale.ROOT,
          "  %-5s %4d %8.1f%% %8.1f%%%n",
          s.term(),
          s.n(),
          100 * s.median(),
          100 * s.p90());
    }
  }

  /** Error against arrival order, one series per stage, with the warm-up marked. */
  public static void plot(List<DemoTask> tasks, int warmup, Path file) throws IOException {
    XYChart c =
        new XYChartBuilder()
            .width(900)
            .height(450)
            .title("scheduler's relative prediction error by task (learning while the job runs)")
            .xAxisTitle("task (arrival order)")
            .yAxisTitle("|measured - predicted| / predicted")
            .build();
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    for (Term term : List.of(Term.T1, Term.T2, Term.T3, Term.T5, Term.T)) {
      List<double[]> e = errors(tasks, term, 0);
      if (e.isEmpty()) {
        continue;
      }
      c.addSeries(
          term.name(),
          e.stream().mapToDouble(x -> x[0]).toArray(),
          e.stream().mapToDouble(x -> x[1]).toArray());
    }
    if (!c.getSeriesMap().isEmpty()) {
      c.addSeries("end of warm-up", new double[] {warmup - 0.5, warmup - 0.5}, new double[] {0, 1})
          .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line)
          .setMarker(SeriesMarkers.NONE);
      BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
  }

  static double[] sorted(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a;
  }
}
