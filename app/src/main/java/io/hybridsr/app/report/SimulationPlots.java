package io.hybridsr.app.report;

import io.hybridsr.core.sim.Claim;
import io.hybridsr.core.sim.ClaimResult;
import io.hybridsr.core.sim.ClaimsTable;
import io.hybridsr.core.sim.SimulationReport;
import io.hybridsr.core.sim.SimulationReport.CapacityRow;
import io.hybridsr.core.sim.SimulationReport.GammaRow;
import io.hybridsr.core.sim.SimulationReport.SummaryRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the paper's Fig. 7a, 7b, 8a and 8b from a {@link SimulationReport} as PNG files.
 *
 * <p>Headless: sets {@code java.awt.headless} so it runs on servers without a display.
 */
public final class SimulationPlots {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 600;

  private SimulationPlots() {}

  /** Writes fig7a.png, fig7b.png, fig8a.png and fig8b.png into {@code dir}; returns their paths. */
  public static List<Path> write(SimulationReport report, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<Path> out = new ArrayList<>();
    out.add(save(fig7a(report), dir.resolve("fig7a.png")));
    out.add(save(fig7b(report), dir.resolve("fig7b.png")));
    out.add(save(fig8a(report), dir.resolve("fig8a.png")));
    out.add(save(fig8b(report), dir.resolve("fig8b.png")));
    return out;
  }

  /**
   * Writes claims.png beside the figures: every numeric claim of the paper as 100% and ours as a
   * percentage of it, with the claim's tolerance as the error bar on the paper's bar.
   */
  public static Path writeClaims(ClaimsTable claims, Path dir) throws IOException {
    System.setProperty("java.awt.headless", "true");
    return save(claims(claims), dir.resolve("claims.png"));
  }

  /** The claims chart (numeric claims; the orderings' tally in the title). */
  static CategoryChart claims(ClaimsTable t) {
    long orderingsHeld = t.orderings().stream().filter(ClaimResult::holds).count();
    CategoryChart c =
        new CategoryChartBuilder()
            .width(1400)
            .height(800)
            .title(
                String.format(
                    java.util.Locale.ROOT,
                    "The paper's figures against ours (ours as %% of the paper's; bars: tolerance);"
                        + " %d/%d within tolerance, orderings %d/%d hold",
                    t.numbers().stream().filter(ClaimResult::holds).count(),
                    t.numbers().size(),
                    orderingsHeld,
                    t.orderings().size()))
            .xAxisTitle("claim (claims.csv)")
            .yAxisTitle("% of the paper's figure")
            .build();
    c.getStyler().setLegendPosition(LegendPosition.InsideNE);
    c.getStyler().setXAxisLabelRotation(60);
    c.getStyler().setYAxisMin(-50.0);
    c.getStyler().setYAxisMax(200.0);
    List<String> names = new ArrayList<>();
    List<Double> paper = new ArrayList<>();
    List<Double> tolerance = new ArrayList<>();
    List<Double> ours = new ArrayList<>();
    for (ClaimResult r : t.numbers()) {
      Claim claim = r.claim();
      names.add((r.holds() ? "" : "x ") + claim.id());
      paper.add(100.0);
      tolerance.add(100 * claim.tolerance() / Math.abs(claim.paper()));
      double v = Double.isFinite(r.ours()) ? 100 * r.ours() / claim.paper() : 0;
      ours.add(Math.max(-50, Math.min(200, v)));
    }
    c.addSeries("paper (error bar: tolerance)", names, paper, tolerance);
    c.addSeries("ours (clipped to -50..200%; x: outside tolerance)", names, ours);
    return c;
  }

  /** Fig. 7a: latency against quality, one series per method, one point per resolution. */
  static XYChart fig7a(SimulationReport r) {
    XYChart c =
        xyChart(
            "Fig. 7a: latency-quality trade-off per target resolution",
            "service latency T (s)",
            "quality Q (CLIPScore x 100)");
    for (String m : r.methods()) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (String res : r.resolutions()) {
        SummaryRow row = r.row(m, res);
        x.add(row.latencySeconds());
        y.add(row.quality());
      }
      XYSeries s = c.addSeries(m + " (" + String.join(", ", r.resolutions()) + ")", x, y);
      s.setMarker(SeriesMarkers.CIRCLE);
    }
    return c;
  }

  /** Fig. 7b: mean utility per method and resolution. */
  static CategoryChart fig7b(SimulationReport r) {
    CategoryChart c =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Fig. 7b: utility per target resolution")
            .xAxisTitle("target resolution")
            .yAxisTitle("mean utility per user")
            .build();
    c.getStyler().setLegendPosition(LegendPosition.OutsideE);
    for (String m : r.methods()) {
      List<Double> y = new ArrayList<>();
      for (String res : r.resolutions()) {
        y.add(r.row(m, res).utility());
      }
      c.addSeries(m, r.resolutions(), y);
    }
    return c;
  }

  /** Fig. 8a: mean utility against the edge capacity ratio. */
  static XYChart fig8a(SimulationReport r) {
    XYChart c =
        xyChart(
            "Fig. 8a: utility against edge computing capacity",
            "edge capacity ratio",
            "mean utility per user");
    for (String m : r.methods()) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (CapacityRow row : r.capacity()) {
        if (row.method().equals(m)) {
          x.add(row.ratio());
          y.add(row.utility());
        }
      }
      if (!x.isEmpty()) {
        c.addSeries(m, x, y).setMarker(SeriesMarkers.CIRCLE);
      }
    }
    return c;
  }

  /** Fig. 8b: SA's utility, scaled quality and scaled latency against gamma. */
  static XYChart fig8b(SimulationReport r) {
    XYChart c =
        xyChart(
            "Fig. 8b: impact of the patch allocation ratio gamma (SA)",
            "gamma (fraction of patches to diffusion SR)",
            "mean utility per user");
    List<Double> x = new ArrayList<>();
    List<Double> u = new ArrayList<>();
    for (GammaRow row : r.gamma()) {
      x.add(row.gamma());
      u.add(row.utility());
    }
    if (!x.isEmpty()) {
      c.addSeries("utility", x, u).setMarker(SeriesMarkers.CIRCLE);
    }
    return c;
  }

  /** An empty line chart in the figures' common size, with the legend outside on the right. */
  private static XYChart xyChart(String title, String xAxis, String yAxis) {
    XYChart c =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xAxis)
            .yAxisTitle(yAxis)
            .build();
    c.getStyler().setLegendPosition(LegendPosition.OutsideE);
    return c;
  }

  private static Path save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file)
      throws IOException {
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
    return file;
  }
}
