package io.hybridsr.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridsr.core.sim.ProfileTree;
import io.hybridsr.core.stage.RunnerSet;
import io.hybridsr.core.stage.StageModels;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.operators.edge.EdgeModelSpec;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * This machine's calibrated profiles, one per set of runners, cached under the user cache ({@code
 * ~/.cache/hybridsr/profiles/calibrated-v<method>-<fingerprint>.json}): the first run with a set of
 * runners calibrates it (seconds), later runs reuse it, and a change of runner (model, threads,
 * link) is a new fingerprint, so a new calibration.
 */
public final class CalibratedProfiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CalibratedProfiles() {}

  /** Where profiles are cached: {@code $XDG_CACHE_HOME/hybridsr/profiles} or the home's. */
  public static Path folder() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return cache.resolve("hybridsr").resolve("profiles");
  }

  /**
   * The cache file of {@code runners}' profile, named by the calibration method, the runners and
   * whether the devices write partition overlays (their stitch times differ by as much).
   */
  static String fileName(RunnerSet runners, boolean overlay) {
    return "calibrated-v"
        + StageCalibration.METHOD_VERSION
        + "-"
        + runners.fingerprint()
        + (overlay ? "-overlay" : "")
        + ".json";
  }

  /** The cached profile for {@code runners}, calibrating it first if there is none. */
  public static Path ensure(
      EdgeModelSpec edge,
      SuperResolver deviceSr,
      RunnerSet runners,
      double linkBitsPerSecond,
      int marginPx,
      boolean overlay,
      PrintStream out)
      throws Exception {
    Path file = folder().resolve(fileName(runners, overlay));
    if (Files.isRegularFile(file)) {
      StageModels have =
          io.hybridsr.operators.plan.SchedulerBatchPlanner.stageModels(file.toString());
      if (have.missingFor(runners).isEmpty()) {
        // The stage models are this machine's; the rest follows the shipped profile as it is now.
        ObjectNode cached = (ObjectNode) JSON.readTree(file.toFile());
        ObjectNode root = ProfileTree.read(null);
        for (String keep : new String[] {"profile", "description", StageModels.SECTION}) {
          root.set(keep, cached.get(keep));
        }
        if (!root.equals(cached)) {
          ProfileTree.write(root, file);
        }
        out.println(
            "Profile: this machine's calibrated profile "
                + file
                + " (runners: "
                + runners.generation()
                + ", "
                + runners.edgeSr()
                + ", "
                + runners.deviceSr()
                + ", "
                + runners.link()
                + ")");
        return file;
      }
    }
    out.println(
        "Profile: calibrating this machine for these runners (first use; cached in "
            + file
            + ")...");
    write(edge, deviceSr, runners, linkBitsPerSecond, marginPx, overlay, file, out);
    return file;
  }

  /** Calibrates the stage models of {@code runners} and writes a profile to {@code file}. */
  public static void write(
      EdgeModelSpec edge,
      SuperResolver deviceSr,
      RunnerSet runners,
      double linkBitsPerSecond,
      int marginPx,
      boolean overlay,
      Path file,
      PrintStream out)
      throws Exception {
    ObjectNode root = ProfileTree.read(null);
    int grid = root.path("partition").path("gridSize").path("value").asInt(4);
    double gamma = root.path("partition").path("gamma").path("value").asDouble(0.25);
    StageModels models =
        StageCalibration.run(
            edge, deviceSr, runners, linkBitsPerSecond, grid, gamma, marginPx, 2, overlay, out);
    root.put("profile", "calibrated-" + runners.fingerprint());
    root.put(
        "description",
        "Stage models measured by ./hybridsr calibrate on this machine at "
            + Instant.now()
            + " for runners "
            + runners
            + (edge.sdxlIsStandIn() ? " (SDXL: STAND-IN models: the times are the stand-ins')" : "")
            + ". Quality, utility and scheduler constants from the paper's testbed profile.");
    root.set(StageModels.SECTION, models.toJson(JSON));
    ProfileTree.write(root, file);
  }
}
