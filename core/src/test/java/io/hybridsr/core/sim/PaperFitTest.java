package io.hybridsr.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileKeys;
import io.hybridsr.core.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaperFitTest {

  @Test
  void shouldLowerTheObjectiveAndWriteALoadableProfile(@TempDir Path dir) throws Exception {
    ObjectNode base = ProfileTree.read(null);
    // Start away from the shipped fit so there is something to find.
    ProfileTree.set(base, ProfileKeys.L0, 40, "s", null);
    ProfileTree.set(base, ProfileKeys.Q_FLOOR, 25, "CLIPScore x 100", null);
    List<PaperFit.Parameter> some =
        PaperFit.PARAMETERS.stream()
            .filter(p -> p.key().equals(ProfileKeys.L0) || p.key().equals(ProfileKeys.Q_FLOOR))
            .toList();
    SimulationSettings s = PaperFit.fitSettings(1, 42);
    PaperFit.Result r = new PaperFit(base, s, some, 4, 3, 1, 3).run(line -> {});
    assertTrue(
        r.bestObjective() < r.startObjective(), r.startObjective() + " -> " + r.bestObjective());
    assertTrue(r.evaluations() > 4);
    PaperFit.write(r, dir, "fitted.json");
    Profile fitted = Profile.load(dir.resolve("fitted.json"));
    // Deterministic: the fitted profile scores what the fit says it does.
    assertEquals(r.bestObjective(), PaperFit.objective(fitted, s), 1e-9);
    for (PaperFit.Parameter p : some) {
      double v = fitted.value(p.key());
      assertTrue(v >= p.low() && v <= p.high(), p.key() + " = " + v);
      String source = fitted.figure(p.key()).source();
      assertTrue(source.contains("fitted") && source.contains(PaperFit.BEFORE.trim()), source);
    }
    // Keys the fit does not touch are kept as they were.
    assertEquals(
        Profile.defaultProfile().value(ProfileKeys.EDGE_PEAK_FLOPS),
        fitted.value(ProfileKeys.EDGE_PEAK_FLOPS));
    List<String> residuals = Files.readAllLines(dir.resolve("fit-residuals.csv"));
    assertEquals(1 + PaperClaims.all().size(), residuals.size());
    assertTrue(Files.readString(dir.resolve("fit-trace.txt")).contains("objective"));
  }

  /**
   * A weighted fit multiplies only the orderings' squared residuals, and says so in the fitted
   * figures' provenance.
   */
  @Test
  void shouldWeighOrderingsWhenAsked(@TempDir Path dir) throws Exception {
    SimulationSettings s = PaperFit.fitSettings(1, 42);
    Profile p = Profile.defaultProfile();
    ClaimsTable t = PaperClaims.evaluate(new Simulation(p, s).run(() -> {}), p);
    double orderings = 0;
    for (ClaimResult r : t.results()) {
      if (r.claim().group() == Claim.Group.FIT && r.claim().kind() == Claim.Kind.ORDERING) {
        double x = Math.min(5, Math.abs(r.residual()));
        orderings += x * x;
      }
    }
    assertTrue(orderings > 0, "the shipped fit leaves some ordering failing");
    assertEquals(
        t.objective(Claim.Group.FIT) + 9 * orderings, t.objective(Claim.Group.FIT, 10), 1e-9);

    ObjectNode base = ProfileTree.read(null);
    List<PaperFit.Parameter> one =
        PaperFit.PARAMETERS.stream().filter(q -> q.key().equals(ProfileKeys.L0)).toList();
    PaperFit.Result r = new PaperFit(base, s, one, 1, 1, 1, 3, 10).run(line -> {});
    PaperFit.write(r, dir, "fitted.json");
    String source = Profile.load(dir.resolve("fitted.json")).figure(ProfileKeys.L0).source();
    assertTrue(source.contains("orderings weighted x10"), source);
    assertTrue(
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new PaperFit(base, s, one, 1, 1, 1, 3, 0))
            .getMessage()
            .contains("ordering weight"));
  }

  /**
   * The shipped profile carries the fit: every fitted figure says so, lies in its range, and the
   * fitted constants score better on the fit's claims than the ones they replaced (read back from
   * each figure's "before the fit" source).
   */
  @Test
  void shouldShipTheFittedConstantsWithProvenance() {
    ObjectNode shipped = ProfileTree.read(null);
    ObjectNode before = shipped.deepCopy();
    Pattern was = Pattern.compile(Pattern.quote(PaperFit.BEFORE) + "([0-9.eE+-]+),");
    for (PaperFit.Parameter p : PaperFit.PARAMETERS) {
      double v = ProfileTree.value(shipped, p.key());
      assertTrue(v >= p.low() && v <= p.high(), p.key() + " = " + v + " outside its range");
      String source = ProfileTree.source(shipped, p.key());
      assertTrue(
          source.startsWith("fitted by ./hybridsr simulate --fit-paper"), p.key() + ": " + source);
      Matcher m = was.matcher(source);
      double old = m.find() ? Double.parseDouble(m.group(1)) : defaultBefore(p.key());
      ProfileTree.set(before, p.key(), old, p.unit(), null);
    }
    SimulationSettings s = PaperFit.fitSettings(6, 42);
    double fitted = PaperFit.objective(Profile.defaultProfile(), s);
    double unfitted = PaperFit.objective(ProfileTree.toProfile("before", before), s);
    assertTrue(
        fitted < unfitted / 2,
        String.format(
            Locale.ROOT, "the fit lowers the residuals: %.2f against %.2f", fitted, unfitted));
  }

  @Test
  void shouldDrawLambdaFromTheProfilesRange() {
    WorkloadGenerator w = new WorkloadGenerator(PromptSource.partiPrompts(), 1, 10, 0.2, 0.7);
    for (int i = 0; i < 5; i++) {
      for (Task t : w.window("x", 1, 640, 640, i)) {
        assertTrue(t.lambda() >= 0.2 && t.lambda() <= 0.7, "lambda " + t.lambda());
        assertEquals(640, t.targetWidth());
      }
    }
  }

  /** Figures new to the profile with the fit: their value before it was the models' default. */
  private static double defaultBefore(String key) {
    return switch (key) {
      case Simulation.LAMBDA_LOW,
          io.hybridsr.core.latency.RelayDiffusionModel.OVERHEAD_KEY,
          io.hybridsr.core.latency.RelayDiffusionModel.PIXEL_OVERHEAD_KEY ->
          0;
      case Simulation.LAMBDA_HIGH,
          io.hybridsr.core.sched.CogView3Scheduler.EXTRA_STAGE_QUALITY_KEY ->
          1;
      case io.hybridsr.core.latency.RelayDiffusionModel.EFFICIENCY_KEY ->
          Profile.defaultProfile().value(ProfileKeys.EDGE_EFF_SDXL);
      default -> throw new AssertionError("no earlier value for " + key);
    };
  }
}
