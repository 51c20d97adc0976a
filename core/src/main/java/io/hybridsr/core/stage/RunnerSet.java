package io.hybridsr.core.stage;

import java.io.Serializable;
import java.util.Locale;

/**
 * Which runner serves each stage, as identities of the form {@code model/precision/provider/Nt}
 * (e.g. {@code sdxl-standin/fp32/cpu/2t}): the scheduler predicts each stage with the model
 * calibrated for exactly that runner, since the same network on another precision, provider or
 * thread count has another speed.
 *
 * @param generation the edge's text-to-image runner
 * @param edgeSr the edge SR slot's runner
 * @param deviceSr the runner devices use unless they report another
 * @param link the link: {@code png@<Mbit/s>}
 */
public record RunnerSet(String generation, String edgeSr, String deviceSr, String link)
    implements Serializable {
  public RunnerSet {
    for (String id : new String[] {generation, edgeSr, deviceSr, link}) {
      if (id == null || id.isBlank() || id.contains(".") || id.contains(",")) {
        throw new IllegalArgumentException(
            "runner ids must be non-blank without '.' or ',', got '" + id + "'");
      }
    }
  }

  /** A runner identity: {@code model/precision/provider/threads t}. */
  public static String runnerId(String model, String precision, String provider, int threads) {
    return model + "/" + precision + "/" + provider.toLowerCase(Locale.ROOT) + "/" + threads + "t";
  }

  /** The link's identity for a rate in bits per second: {@code png@10Mbps}. */
  public static String linkId(double bitsPerSecond) {
    return bitsPerSecond > 0
        ? "png@" + String.format(Locale.ROOT, "%d", Math.round(bitsPerSecond / 1e3)) + "kbps"
        : "png@unlimited";
  }

  /** The runner of a stage (the default device runner for device stages). */
  public String runnerOf(Stage s) {
    return switch (s) {
      case GENERATION -> generation;
      case EDGE_SR -> edgeSr;
      case DEVICE_SR, STITCH -> deviceSr;
      case LINK_FG, LINK_BG -> link;
    };
  }

  /** A short, stable hash of the set: calibrated profiles are cached under it. */
  public String fingerprint() {
    return Integer.toHexString(
        (generation + "|" + edgeSr + "|" + deviceSr + "|" + link).hashCode());
  }
}
