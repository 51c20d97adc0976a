package io.hybridsr.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

  @Test
  void shouldWriteCsvFilesAndPlotsWithSaneValues(@TempDir Path dir) throws Exception {
    CommandLine cl = HybridsrCli.newCommandLine();
    int rc =
        cl.execute(
            "simulate",
            "--out",
            dir.toString(),
            "--windows",
            "2",
            "--sweep-windows",
            "1",
            "--seed",
            "3");
    assertEquals(0, rc);
    for (String f :
        List.of(
            "summary.csv",
            "fig6.csv",
            "gap.csv",
            "capacity.csv",
            "gamma.csv",
            "claims.csv",
            "fig7a.png",
            "fig7b.png",
            "fig8a.png",
            "fig8b.png",
            "claims.png")) {
      assertTrue(Files.size(dir.resolve(f)) > 0, f);
    }
    List<String> lines = Files.readAllLines(dir.resolve("summary.csv"));
    List<String> header = List.of(lines.get(0).split(","));
    assertTrue(
        header.containsAll(
            List.of("method", "resolution", "quality", "latency_s", "utility", "violations")));
    assertEquals(1 + 5 * 4, lines.size(), "one row per method and resolution");
    Map<String, List<Double>> utility = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split(",");
      double quality = Double.parseDouble(c[header.indexOf("quality")]);
      double latency = Double.parseDouble(c[header.indexOf("latency_s")]);
      assertTrue(quality > 0 && latency > 0, line);
      utility
          .computeIfAbsent(c[0], k -> new ArrayList<>())
          .add(Double.parseDouble(c[header.indexOf("utility")]));
    }
    double sa = mean(utility.get("sa"));
    for (Map.Entry<String, List<Double>> e : utility.entrySet()) {
      assertTrue(sa >= mean(e.getValue()) - 1e-9, "SA utility >= " + e.getKey() + " on average");
    }
    List<String> gap = Files.readAllLines(dir.resolve("gap.csv"));
    assertTrue(gap.get(0).startsWith("window,sa_utility,exact_utility,gap"));
    assertEquals(1 + 2 * 4, gap.size());
    List<String> claims = Files.readAllLines(dir.resolve("claims.csv"));
    assertEquals(
        1 + io.hybridsr.core.sim.PaperClaims.all().size(), claims.size(), "one row per claim");
    assertTrue(
        claims.stream()
            .anyMatch(l -> l.startsWith("IV-B.latency-reduction,") && l.contains(",33.00,")),
        "the paper's 33% beside ours");
  }

  @Test
  void shouldFitThePapersMissingConstantsAndSimulateWithThem(@TempDir Path dir) throws Exception {
    CommandLine cl = HybridsrCli.newCommandLine();
    int rc =
        cl.execute(
            "simulate",
            "--out",
            dir.toString(),
            "--fit-paper",
            "--fit-windows",
            "1",
            "--fit-samples",
            "2",
            "--fit-rounds",
            "1",
            "--fit-starts",
            "1",
            "--windows",
            "1",
            "--sweep-windows",
            "1",
            "--gap-windows",
            "0",
            "--no-plots");
    assertEquals(0, rc);
    io.hybridsr.core.profile.Profile fitted =
        io.hybridsr.core.profile.Profile.load(dir.resolve("fitted-profile.json"));
    assertTrue(fitted.figure("scheduler.latencyBoundSeconds").source().contains("fitted"));
    List<String> residuals = Files.readAllLines(dir.resolve("fit-residuals.csv"));
    assertTrue(
        residuals
            .get(0)
            .startsWith(
                "id,group,paper,tolerance,unit,ours_before,residual_before,ours_after,residual_after"));
    // The fit never ends worse than it started.
    String trace = Files.readString(dir.resolve("fit-trace.txt"));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("objective ([0-9.]+) -> ([0-9.]+)").matcher(trace);
    assertTrue(m.find(), trace);
    assertTrue(Double.parseDouble(m.group(2)) <= Double.parseDouble(m.group(1)));
    assertTrue(Files.exists(dir.resolve("claims.csv")));
  }

  @Test
  void shouldExplainItselfAndRefuseBadFlags() {
    CommandLine cl = HybridsrCli.newCommandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertTrue(cl.execute("simulate") != 0, "--out is required");
    assertTrue(err.toString().contains("--out"));
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    assertEquals(0, cl.execute("simulate", "--help"));
    assertTrue(out.toString().contains("--windows"));
    StringWriter bad = new StringWriter();
    cl.setErr(new PrintWriter(bad));
    assertTrue(cl.execute("simulate", "--out", "x", "--profile", "/nonexistent/p.json") != 0);
    assertTrue(bad.toString().contains("p.json"), bad.toString());
    StringWriter weight = new StringWriter();
    cl.setErr(new PrintWriter(weight));
    assertTrue(
        cl.execute("simulate", "--out", "x", "--fit-paper", "--fit-ordering-weight", "0") != 0);
    assertTrue(weight.toString().contains("--fit-ordering-weight"), weight.toString());
  }

  @Test
  void shouldPrintSchedulerBenchmarkFigures() {
    CommandLine cl = HybridsrCli.newCommandLine();
    assertEquals(
        0, cl.execute("bench", "scheduler", "--sizes", "10", "--runs", "3", "--gap-windows", "3"));
  }

  private static double mean(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
