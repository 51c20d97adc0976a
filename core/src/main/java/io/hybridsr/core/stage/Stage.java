package io.hybridsr.core.stage;

/**
 * The stages of one task whose time the scheduler predicts, each with the unit of work its runner's
 * time follows. A stage's time is {@code intercept + perUnit * units} (see {@link StageModel}); the
 * units are computed by {@link StageWork}.
 */
public enum Stage {
  /**
   * SDXL on the edge: text encoding, D denoising steps, VAE decoding. Units: mega cell-steps,
   * decoded megapixels.
   */
  GENERATION("edge", "mega UNet cell-steps (latent cells x steps / 1e6); decoded megapixels"),
  /** The edge SR slot on the foreground patches. Units: input megapixels, margins included. */
  EDGE_SR("edge", "foreground input megapixels (with margins); the same upscaled by S"),
  /** Sending the upscaled foreground patches to the device (paper's T4). Units: megapixels sent. */
  LINK_FG("link", "foreground megapixels sent (at the target size)"),
  /** Sending the low-resolution background patches (paper's T5). Units: megapixels sent. */
  LINK_BG("link", "background megapixels sent (at the generation size)"),
  /** The device's SR on the background patches (paper's T3). Units: input megapixels. */
  DEVICE_SR("device", "background input megapixels (with margins); the same upscaled by S"),
  /**
   * Decoding, feathering and resizing every patch into the final image. Units: target megapixels.
   */
  STITCH("device", "target megapixels");

  private final String site;
  private final String units;

  Stage(String site, String units) {
    this.site = site;
    this.units = units;
  }

  /** Where the stage runs: edge, link or device. */
  public String site() {
    return site;
  }

  /** What its units count, for docs and errors. */
  public String units() {
    return units;
  }

  /** The name used in profiles and metrics: lower case with dashes. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** The stage of a {@link #key()}. */
  public static Stage ofKey(String key) {
    for (Stage s : values()) {
      if (s.key().equals(key)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown stage '" + key + "'");
  }
}
