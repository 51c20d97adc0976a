package io.hybridsr.app.demo;

import io.hybridsr.kafka.records.Outcome;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The demo's results for a person: a table on the console, and a report folder with an HTML gallery
 * (each image beside its partition overlay), the latency breakdown per task (predicted and
 * measured) and a predicted-vs-measured scatter per stage.
 */
public final class DemoReport {
  static final String[] STAGES = {"T1", "T2", "T3", "T4", "T5", "T6", "T"};

  private DemoReport() {}

  /** Per stage, the mean absolute error between predicted and measured seconds. */
  public static double[] meanAbsoluteErrors(List<DemoTask> tasks) {
    double[] sum = new double[STAGES.length];
    int[] n = new int[STAGES.length];
    for (DemoTask t : tasks) {
      if (t.finished == null || t.finished.measured() == null) {
        continue;
      }
      double[] p = DemoTask.stages(t.finished.predicted());
      double[] m = DemoTask.stages(t.finished.measured());
      for (int i = 0; i < STAGES.length; i++) {
        if (!Double.isNaN(p[i]) && !Double.isNaN(m[i])) {
          sum[i] += Math.abs(p[i] - m[i]);
          n[i]++;
        }
      }
    }
    double[] mae = new double[STAGES.length];
    for (int i = 0; i < mae.length; i++) {
      mae[i] = n[i] == 0 ? Double.NaN : sum[i] / n[i];
    }
    return mae;
  }

  public static void printTable(List<DemoTask> tasks, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%-10s %-9s %-10s %4s %3s %-9s %-10s  %-35s  %-35s  %s%n",
        "task",
        "device",
        "target",
        "S",
        "D",
        "R",
        "status",
        "predicted T1/T2/T3/T4/T5 -> T (s)",
        "measured T1/T2/T3/T4/T5 -> T (s)",
        "image");
    for (DemoTask t : tasks) {
      Outcome o = t.finished != null ? t.finished : t.planned;
      String status =
          t.finished != null ? t.finished.status().name() : t.planned != null ? "PLANNED" : "-";
      out.printf(
          Locale.ROOT,
          "%-10s %-9s %-10s %4s %3s %-9s %-10s  %-35s  %-35s  %s%n",
          t.task.taskId(),
          t.task.deviceId(),
          t.task.targetWidth() + "x" + t.task.targetHeight(),
          o == null ? "-" : o.scale(),
          o == null ? "-" : o.steps(),
          o == null ? "-" : o.generationWidth() + "x" + o.generationHeight(),
          status,
          o == null ? "-" : timings(o.predicted()),
          t.finished == null ? "-" : timings(t.finished.measured()),
          t.finished != null && t.finished.outputPath() != null
              ? t.finished.outputPath()
              : t.finished != null ? t.finished.reason() : "");
    }
  }

  private static String timings(io.hybridsr.kafka.records.Outcome.Timings t) {
    if (t == null) {
      return "-";
    }
    double[] s = DemoTask.stages(t);
    return String.format(
        Locale.ROOT, "%.2f/%.2f/%.2f/%.2f/%.2f -> %.2f", s[0], s[1], s[2], s[3], s[4], s[6]);
  }

  /**
   * One row per task: what was planned and, per stage, the predicted and measured seconds with the
   * waits apart, for anyone who wants to see where a prediction missed.
   */
  static void writeCsv(Path file, List<DemoTask> tasks) throws IOException {
    StringBuilder c = new StringBuilder("task,device,target,lambda,S,D,R,status");
    String[] cols = {
      "t1", "t2", "t3", "t4", "t5", "t6", "total", "edgeWait", "deviceWait", "stitch"
    };
    for (String kind : new String[] {"predicted", "measured"}) {
      for (String col : cols) {
        c.append(',').append(kind).append('_').append(col);
      }
    }
    c.append('\n');
    for (DemoTask t : tasks) {
      Outcome o = t.finished != null ? t.finished : t.planned;
      c.append(t.task.taskId())
          .append(',')
          .append(t.task.deviceId())
          .append(',')
          .append(t.task.targetWidth())
          .append('x')
          .append(t.task.targetHeight())
          .append(',')
          .append(String.format(Locale.ROOT, "%.3f", t.task.lambda()))
          .append(',')
          .append(o == null ? "" : o.scale())
          .append(',')
          .append(o == null ? "" : o.steps())
          .append(',')
          .append(o == null ? "" : o.generationWidth() + "x" + o.generationHeight())
          .append(',')
          .append(
              t.finished != null ? t.finished.status().name() : t.planned != null ? "PLANNED" : "");
      appendTimings(c, o == null ? null : o.predicted());
      appendTimings(c, t.finished == null ? null : t.finished.measured());
      c.append('\n');
    }
    Files.writeString(file, c, StandardCharsets.UTF_8);
  }

  private static void appendTimings(StringBuilder c, Outcome.Timings t) {
    Double[] v =
        t == null
            ? new Double[10]
            : new Double[] {
              t.t1(),
              t.t2(),
              t.t3(),
              t.t4(),
              t.t5(),
              t.t6(),
              t.total(),
              t.edgeWait(),
              t.deviceWait(),
              t.stitch()
            };
    for (Double x : v) {
      c.append(',').append(x == null ? "" : String.format(Locale.ROOT, "%.4f", x));
    }
  }

  /** Writes index.html and the plots into {@code dir}; returns the HTML file. */
  public static Path write(Path dir, List<DemoTask> tasks, String summaryHtml) throws IOException {
    // Image paths in outcomes are absolute; the page links them relative to itself.
    dir = dir.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    BitmapEncoder.saveBitmap(
        breakdown(tasks, true),
        dir.resolve("latency-predicted.png").toString(),
        BitmapEncoder.BitmapFormat.PNG);
    BitmapEncoder.saveBitmap(
        breakdown(tasks, false),
        dir.resolve("latency-measured.png").toString(),
        BitmapEncoder.BitmapFormat.PNG);
    BitmapEncoder.saveBitmap(
        scatter(tasks),
        dir.resolve("predicted-vs-measured.png").toString(),
        BitmapEncoder.BitmapFormat.PNG);
    writeCsv(dir.resolve("tasks.csv"), tasks);
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>hybridsr demo</title>")
        .append(
            "<style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 8px;border-bottom:1px solid #ddd}")
        .append(
            "figure{display:inline-block;margin:8px;vertical-align:top}img.t{max-width:360px;max-height:260px}")
        .append("</style></head><body><h1>hybridsr demo</h1>")
        .append(summaryHtml)
        .append("<h2>Latency: predicted vs measured</h2>")
        .append("<img src=\"latency-predicted.png\"> <img src=\"latency-measured.png\">")
        .append("<img src=\"predicted-vs-measured.png\">")
        .append(
            "<p>Per task and stage, predicted and measured seconds: <a href=\"tasks.csv\">tasks.csv</a></p>")
        .append(
            "<h2>Tasks</h2><table><tr><th>task</th><th>device</th><th>target</th><th>&lambda;</th>")
        .append(
            "<th>S</th><th>D</th><th>R</th><th>status</th><th>predicted T (s)</th><th>measured T (s)</th></tr>");
    for (DemoTask t : tasks) {
      Outcome o = t.finished != null ? t.finished : t.planned;
      h.append("<tr><td>")
          .append(esc(t.task.taskId()))
          .append("</td><td>")
          .append(esc(t.task.deviceId()))
          .append("</td><td>")
          .append(t.task.targetWidth())
          .append('x')
          .append(t.task.targetHeight())
          .append("</td><td>")
          .append(String.format(Locale.ROOT, "%.2f", t.task.lambda()))
          .append("</td><td>")
          .append(o == null ? "-" : o.scale())
          .append("</td><td>")
          .append(o == null ? "-" : o.steps())
          .append("</td><td>")
          .append(o == null ? "-" : o.generationWidth() + "x" + o.generationHeight())
          .append("</td><td>")
          .append(
              t.finished == null
                  ? "not finished"
                  : esc(
                      t.finished.status().name()
                          + (t.finished.reason() == null ? "" : ": " + t.finished.reason())))
          .append("</td><td>")
          .append(
              o == null || o.predicted() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", o.predicted().total()))
          .append("</td><td>")
          .append(
              t.finished == null || t.finished.measured() == null
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", t.finished.measured().total()))
          .append("</td></tr>");
    }
    h.append("</table><h2>Gallery</h2><p>Each image beside its partition: red patches were ")
        .append(
            "super-resolved on the edge (foreground), green ones on the device (background).</p>");
    for (DemoTask t : tasks) {
      if (t.finished == null || t.finished.outputPath() == null) {
        continue;
      }
      Path img = Path.of(t.finished.outputPath()).toAbsolutePath().normalize();
      Path overlay =
          img.resolveSibling(img.getFileName().toString().replace(".png", ".partition.png"));
      String rel = dir.relativize(img.toAbsolutePath()).toString();
      h.append("<figure><a href=\"")
          .append(rel)
          .append("\"><img class=\"t\" src=\"")
          .append(rel)
          .append("\"></a>");
      if (Files.exists(overlay)) {
        String relO = dir.relativize(overlay.toAbsolutePath()).toString();
        h.append(" <img class=\"t\" src=\"").append(relO).append("\">");
      }
      h.append("<figcaption>")
          .append(esc(t.task.taskId()))
          .append(" &middot; ")
          .append(esc(abbreviate(t.task.prompt(), 80)))
          .append("</figcaption></figure>");
    }
    h.append("</body></html>\n");
    Path index = dir.resolve("index.html");
    Files.writeString(index, h, StandardCharsets.UTF_8);
    return index;
  }

  static CategoryChart breakdown(List<DemoTask> tasks, boolean predicted) {
    CategoryChart c =
        new CategoryChartBuilder()
            .width(900)
            .height(500)
            .title((predicted ? "Predicted" : "Measured") + " latency by stage")
            .xAxisTitle("task")
            .yAxisTitle("seconds")
            .build();
    c.getStyler().setStacked(true);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    List<String> names = new ArrayList<>();
    List<List<Double>> cols = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      cols.add(new ArrayList<>());
    }
    for (DemoTask t : tasks) {
      Outcome o = t.finished;
      if (o == null || o.measured() == null) {
        continue;
      }
      double[] s = DemoTask.stages(predicted ? o.predicted() : o.measured());
      names.add(t.task.taskId());
      // T1, then the slower of the two SR paths split into its SR and transfer parts.
      boolean edgePath = s[1] + s[3] >= s[2] + s[4];
      cols.get(0).add(s[0]);
      cols.get(1).add(edgePath ? s[1] : 0.0);
      cols.get(2).add(edgePath ? s[3] : 0.0);
      cols.get(3).add(edgePath ? 0.0 : s[2]);
      cols.get(4).add(edgePath ? 0.0 : s[4]);
    }
    if (names.isEmpty()) {
      names.add("none");
      cols.forEach(col -> col.add(0.0));
    }
    String[] series = {
      "T1 generation", "T2 edge SR", "T4 edge->device", "T3 device SR", "T5 edge->device"
    };
    for (int i = 0; i < series.length; i++) {
      c.addSeries(
          series[i],
          names,
          cols.get(i).isEmpty() ? java.util.Collections.nCopies(names.size(), 0.0) : cols.get(i));
    }
    return c;
  }

  static XYChart scatter(List<DemoTask> tasks) {
    XYChart c =
        new XYChartBuilder()
            .width(700)
            .height(600)
            .title("Predicted vs measured (seconds)")
            .xAxisTitle("predicted")
            .yAxisTitle("measured")
            .build();
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    double max = 0;
    for (int stage : new int[] {0, 1, 2, 6}) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (DemoTask t : tasks) {
        if (t.finished == null || t.finished.measured() == null) {
          continue;
        }
        double p = DemoTask.stages(t.finished.predicted())[stage];
        double m = DemoTask.stages(t.finished.measured())[stage];
        if (!Double.isNaN(p) && !Double.isNaN(m)) {
          xs.add(p);
          ys.add(m);
          max = Math.max(max, Math.max(p, m));
        }
      }
      if (!xs.isEmpty()) {
        c.addSeries(STAGES[stage], xs, ys);
      }
    }
    max = max <= 0 ? 1 : max;
    XYSeries diag =
        c.addSeries("measured = predicted", new double[] {0, max}, new double[] {0, max});
    diag.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    diag.setMarker(SeriesMarkers.NONE);
    return c;
  }

  private static String abbreviate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "\u2026";
  }

  public static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
