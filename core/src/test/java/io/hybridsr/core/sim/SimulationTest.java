package io.hybridsr.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.config.StandardResolution;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationTest {
  private static final SimulationSettings TINY =
      new SimulationSettings(3, 10, 11L, 1, List.of(0.4, 1.0), List.of(0.0, 0.25, 1.0), 2);

  @Test
  void shouldRunEveryMethodAtEveryResolutionAndWriteCsv(@TempDir Path dir) throws Exception {
    Simulation sim = new Simulation(Profile.defaultProfile(), TINY);
    AtomicLong ticks = new AtomicLong();
    SimulationReport r = sim.run(ticks::incrementAndGet);
    assertEquals(sim.totalTicks(), ticks.get());
    assertEquals(List.of("sa", "random", "without-sr", "one-type", "cogview3"), r.methods());
    assertEquals(List.of("720p", "1080p", "1440p", "2K"), r.resolutions());
    assertEquals(20, r.summary().size());
    assertEquals(8, r.gap().size());
    assertEquals(10, r.capacity().size());
    assertEquals(3, r.gamma().size());
    for (SimulationReport.SummaryRow row : r.summary()) {
      assertTrue(row.quality() > 10 && row.quality() < 40, row.toString());
      assertTrue(row.latencySeconds() > 0 && row.latencySeconds() < 300, row.toString());
      assertTrue(row.violations() >= 0);
    }
    for (SimulationReport.GapRow g : r.gap()) {
      assertTrue(g.gap() >= -1e-12 && g.gap() <= 0.01, g.toString());
    }
    // Ours is never worse on average than any baseline: it optimises the same utility.
    double sa = r.meanOver("sa", false);
    for (String m : r.methods()) {
      assertTrue(sa >= r.meanOver(m, false) - 1e-9, "sa vs " + m);
    }
    // SA never breaks a constraint on the default profile.
    for (String res : r.resolutions()) {
      assertEquals(0, r.row("sa", res).violations());
    }
    r.writeCsv(dir);
    List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
    assertTrue(summary.get(0).startsWith("method,resolution,quality,latency_s,utility,violations"));
    assertEquals(21, summary.size());
    assertTrue(
        Files.readAllLines(dir.resolve("gap.csv"))
            .get(0)
            .startsWith("window,sa_utility,exact_utility,gap"));
    assertTrue(Files.exists(dir.resolve("capacity.csv")));
    assertTrue(Files.exists(dir.resolve("gamma.csv")));
  }

  @Test
  void shouldGenerateTheSameWindowsForTheSameSeed() {
    WorkloadGenerator a = new WorkloadGenerator(PromptSource.partiPrompts(), 1, 10);
    WorkloadGenerator b = new WorkloadGenerator(PromptSource.partiPrompts(), 1, 10);
    List<Task> w = a.window(StandardResolution.P1080, 4);
    assertEquals(w, b.window(StandardResolution.P1080, 4));
    assertEquals(10, w.size());
    w.forEach(t -> assertTrue(t.lambda() >= 0 && t.lambda() <= 1));
    assertTrue(PromptSource.partiPrompts().size() > 1600);
  }
}
