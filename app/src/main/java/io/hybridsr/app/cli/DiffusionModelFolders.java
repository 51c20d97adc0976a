package io.hybridsr.app.cli;

import io.hybridsr.inference.standin.StandIns;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves the SDXL and StableSR model folders for the commands: the folder given by the user, or
 * else the stand-ins (generated on first use), announced as such on stdout.
 */
final class DiffusionModelFolders {
  private DiffusionModelFolders() {}

  static Path sdxl(Path given, PrintStream out) {
    return resolve(given, "SDXL", "--models", out, true);
  }

  static Path stableSr(Path given, PrintStream out) {
    return resolve(given, "StableSR", "--stablesr", out, false);
  }

  /** What a model folder holds: {@code STAND-IN}, {@code REFERENCE} or {@code real}. */
  static String kind(Path dir) {
    if (StandIns.isStandIn(dir)) {
      return "STAND-IN";
    }
    return isReference(dir) ? "REFERENCE" : "real";
  }

  /**
   * Whether {@code dir} is the tiny random-weight reference export that diffusers' outputs were
   * recorded for: its parent holds the reference's {@code reference.json} manifest.
   */
  static boolean isReference(Path dir) {
    Path parent = dir.toAbsolutePath().normalize().getParent();
    Path manifest = parent == null ? null : parent.resolve("reference.json");
    if (manifest == null || !Files.isRegularFile(manifest)) {
      return false;
    }
    try (var in = Files.newInputStream(manifest)) {
      String head = new String(in.readNBytes(4096), java.nio.charset.StandardCharsets.UTF_8);
      return head.contains("Reference intermediates of Hugging Face diffusers");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static Path resolve(Path given, String what, String flag, PrintStream out, boolean sdxl) {
    if (given != null) {
      if (!Files.isDirectory(given)) {
        throw new IllegalArgumentException(flag + ": " + given + " is not a directory");
      }
      if (StandIns.isStandIn(given)) {
        out.println(
            "NOTE: "
                + given
                + " holds STAND-IN models (tiny generated models), not real "
                + what
                + " weights.");
      } else if (isReference(given)) {
        out.println(
            "NOTE: "
                + given
                + " is the REFERENCE export (a tiny "
                + what
                + " with random weights, for comparison"
                + " with diffusers): its images are coloured noise.");
      }
      return given;
    }
    Path dir = sdxl ? StandIns.sdxl() : StandIns.stableSr();
    out.println(
        "NOTE: no "
            + flag
            + " given: using STAND-IN "
            + what
            + " models (tiny generated models with the real"
            + " export's contract; outputs are noise-like patterns, not real images): "
            + dir);
    return dir;
  }
}
