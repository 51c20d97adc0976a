package io.hybridsr.core.latency;

import io.hybridsr.core.config.GenerationSize;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileKeys;

/**
 * CogView3's cascade (relay diffusion) as a baseline pipeline: a base image at about 512x512 (the
 * target's aspect), then relay super-resolution diffusion stages of at most 2x each up to the
 * target, all on the edge; the finished image is sent whole.
 *
 * <p>Its UNet cost reuses SDXL's structure model scaled by the parameter ratio (3 B against 2.6 B),
 * with constants in the profile's {@code cogview3} section. Two optional figures describe how
 * CogView3 runs on the edge card, which the paper does not give: {@value #EFFICIENCY_KEY} (the
 * fraction of the edge peak its UNet attains; SDXL's when absent) and {@value #OVERHEAD_KEY}
 * (seconds per image spent off the edge GPU's compute, e.g. text encoding and weight offloading on
 * a 12 GB card; counted in latency, not in the edge load; 0 when absent), plus {@value
 * #PIXEL_OVERHEAD_KEY} per output megapixel.
 */
public final class RelayDiffusionModel {
  /** Optional profile key: fraction of the edge peak CogView3's UNet attains. */
  public static final String EFFICIENCY_KEY = "cogview3.efficiency";

  /** Optional profile key: seconds per image outside the edge GPU's compute. */
  public static final String OVERHEAD_KEY = "cogview3.hostOverheadSeconds";

  /**
   * Optional profile key: seconds per output megapixel outside the edge GPU's compute (image-sized
   * work on the host when the card is full, e.g. decoding or moving latents and images; 0 when
   * absent). Counted in latency, not in the edge load, like {@value #OVERHEAD_KEY}.
   */
  public static final String PIXEL_OVERHEAD_KEY = "cogview3.hostSecondsPerMegapixel";

  private final ModelLoads loads;
  private final double baseSide;
  private final int baseSteps;
  private final int relaySteps;
  private final double relayMaxScale;
  private final double paramsRatio;
  private final double forwards;
  private final double effSdxl;
  private final double effVae;
  private final double overheadSeconds;
  private final double overheadPerMegapixel;
  private final double edgeCapacity;
  private final double bandwidth;
  private final double bitsPerPixel;

  public RelayDiffusionModel(Profile p, double edgeCapacityRatio) {
    loads = new ModelLoads(p);
    baseSide = p.value(ProfileKeys.COG_BASE_SIDE);
    baseSteps = (int) Math.round(p.value(ProfileKeys.COG_BASE_STEPS));
    relaySteps = (int) Math.round(p.value(ProfileKeys.COG_RELAY_STEPS));
    relayMaxScale = p.value(ProfileKeys.COG_RELAY_MAX_SCALE);
    paramsRatio = p.value(ProfileKeys.COG_PARAMS_RATIO);
    forwards = p.value(ProfileKeys.COG_FORWARDS);
    effSdxl =
        p.figures().containsKey(EFFICIENCY_KEY)
            ? p.value(EFFICIENCY_KEY)
            : p.value(ProfileKeys.EDGE_EFF_SDXL);
    if (!(effSdxl > 0)) {
      throw new IllegalArgumentException(EFFICIENCY_KEY + " must be > 0 but was " + effSdxl);
    }
    overheadSeconds = p.figures().containsKey(OVERHEAD_KEY) ? p.value(OVERHEAD_KEY) : 0;
    overheadPerMegapixel =
        p.figures().containsKey(PIXEL_OVERHEAD_KEY) ? p.value(PIXEL_OVERHEAD_KEY) : 0;
    effVae = p.value(ProfileKeys.EDGE_EFF_VAE);
    edgeCapacity = p.value(ProfileKeys.EDGE_PEAK_FLOPS) * edgeCapacityRatio;
    bandwidth = p.value(ProfileKeys.LINK_BANDWIDTH);
    bitsPerPixel =
        8 * p.value(ProfileKeys.LINK_BYTES_PER_PIXEL) * p.value(ProfileKeys.LINK_COMPRESSION);
  }

  /** Base steps of the cascade (its "D"). */
  public int baseSteps() {
    return baseSteps;
  }

  /** The base stage's size: baseSide^2 pixels at the target's aspect, sides multiples of 64. */
  public GenerationSize baseSize(int targetWidth, int targetHeight) {
    double aspect = (double) targetWidth / targetHeight;
    int w = round64(baseSide * Math.sqrt(aspect));
    int h = round64(baseSide / Math.sqrt(aspect));
    return new GenerationSize(w, h);
  }

  /** Relay stages needed to reach the target from the base (each at most relayMaxScale). */
  public int relayStages(int targetWidth, int targetHeight) {
    GenerationSize base = baseSize(targetWidth, targetHeight);
    double scale =
        Math.max((double) targetWidth / base.width(), (double) targetHeight / base.height());
    if (scale <= 1) {
      return 0;
    }
    return (int) Math.ceil(Math.log(scale) / Math.log(relayMaxScale) - 1e-9);
  }

  /**
   * Loads and latency of one task: everything is generation (T1, including the host overhead) plus
   * sending the image (T5).
   */
  public LatencyEstimate estimate(int targetWidth, int targetHeight) {
    GenerationSize base = baseSize(targetWidth, targetHeight);
    double unet = paramsRatio * forwards;
    double flop = baseSteps * unet * loads.unetForward(base.latentCells()) / effSdxl;
    int stages = relayStages(targetWidth, targetHeight);
    double w = base.width();
    double h = base.height();
    for (int s = 1; s <= stages; s++) {
      double f = Math.min(relayMaxScale, Math.max(targetWidth / w, targetHeight / h));
      w = s == stages ? targetWidth : w * f;
      h = s == stages ? targetHeight : h * f;
      double cells = Math.ceil(w / 8) * Math.ceil(h / 8);
      flop += relaySteps * unet * loads.unetForward(cells) / effSdxl;
    }
    flop += loads.vaeDecode((double) targetWidth * targetHeight) / effVae;
    double eta5 = (double) targetWidth * targetHeight * bitsPerPixel;
    return new LatencyEstimate(
        base,
        flop,
        0,
        0,
        0,
        eta5,
        LatencyBreakdown.of(
            flop / edgeCapacity
                + overheadSeconds
                + overheadPerMegapixel * targetWidth * (double) targetHeight / 1e6,
            0,
            0,
            0,
            eta5 / bandwidth));
  }

  private static int round64(double side) {
    return (int) Math.max(64, Math.round(side / 64) * 64);
  }
}
