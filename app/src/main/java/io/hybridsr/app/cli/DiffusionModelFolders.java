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

  private static Path resolve(Path given, String what, String flag, PrintStream out, boolean sdxl) {
    if (given != null) {
      if (!Files.isDirectory(given)) {
        throw new IllegalArgumentException(flag + ": " + given + " is not a directory");
      }
      if (StandIns.isStandIn(given)) {
        out.println("NOTE: " + given + " holds STAND-IN models (tiny generated models), not real " + what + " weights.");
      }
      return given;
    }
    Path dir = sdxl ? StandIns.sdxl() : StandIns.stableSr();
    out.println("NOTE: no " + flag + " given: using STAND-IN " + what + " models (tiny generated models with the real"
        + " export's contract; outputs are noise-like patterns, not real images): " + dir);
    return dir;
  }
}
