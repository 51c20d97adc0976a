package io.hybridsr.core.profile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dotted keys the models read, and the rule each value must meet.
 *
 * <p>One list so the loader, the docs and {@code calibrate} agree on what a profile holds.
 */
public final class ProfileKeys {
  public static final String EDGE_PEAK_FLOPS = "edge.peakFlops";
  public static final String EDGE_EFF_SDXL = "edge.efficiency.sdxl";
  public static final String EDGE_EFF_VAE = "edge.efficiency.vae";
  public static final String EDGE_EFF_STABLESR = "edge.efficiency.stablesr";
  public static final String EDGE_EFF_REALESRGAN = "edge.efficiency.realesrgan";
  public static final String DEVICE_PEAK_FLOPS = "device.peakFlops";
  public static final String DEVICE_EFF_REALESRGAN = "device.efficiency.realesrgan";
  public static final String LINK_BANDWIDTH = "link.bandwidthBitsPerSecond";
  public static final String LINK_BYTES_PER_PIXEL = "link.bytesPerPixel";
  public static final String LINK_COMPRESSION = "link.compressionRatio";
  public static final String SDXL_LINEAR = "models.sdxl.unetLinearFlopsPerLatentCell";
  public static final String SDXL_ATTENTION = "models.sdxl.unetAttentionFlopsPerLatentCellSquared";
  public static final String SDXL_FORWARDS = "models.sdxl.forwardsPerStep";
  public static final String SDXL_VAE = "models.sdxl.vaeDecoderFlopsPerPixel";
  public static final String STABLESR_TILE_STEP = "models.stablesr.flopsPerTileStep";
  public static final String STABLESR_STEPS = "models.stablesr.steps";
  public static final String STABLESR_TILE = "models.stablesr.tileLatent";
  public static final String STABLESR_STRIDE = "models.stablesr.tileStrideLatent";
  public static final String REALESRGAN_FLOPS = "models.realesrgan.flopsPerInputPixel";
  public static final String GRID_SIZE = "partition.gridSize";
  public static final String GAMMA = "partition.gamma";
  public static final String Q_PEAK = "quality.peakClipScore";
  public static final String Q_PEAK_SIDE = "quality.peakSide";
  public static final String Q_SIGMA_BELOW = "quality.sigmaBelow";
  public static final String Q_SIGMA_ABOVE = "quality.sigmaAbove";
  public static final String Q_STEP_AMPLITUDE = "quality.stepAmplitude";
  public static final String Q_STEP_SCALE = "quality.stepScale";
  public static final String Q_SR_GAIN_MAX = "quality.srGainMax";
  public static final String Q_SR_GAIN_SCALE = "quality.srGainScale";
  public static final String Q_FLOOR = "quality.floorClipScore";
  public static final String USERS = "scheduler.users";
  public static final String L0 = "scheduler.latencyBoundSeconds";
  public static final String EDGE_BUDGET_SECONDS = "scheduler.edgeBudgetSeconds";
  public static final String DEVICE_BUDGET_SECONDS = "scheduler.deviceBudgetSecondsPerUser";
  public static final String COG_BASE_SIDE = "cogview3.baseSide";
  public static final String COG_BASE_STEPS = "cogview3.baseSteps";
  public static final String COG_RELAY_STEPS = "cogview3.relaySteps";
  public static final String COG_RELAY_MAX_SCALE = "cogview3.relayMaxScale";
  public static final String COG_PARAMS_RATIO = "cogview3.paramsRatio";
  public static final String COG_FORWARDS = "cogview3.forwardsPerStep";
  public static final String COG_QUALITY = "cogview3.qualityFactor";

  /** What a value must satisfy beyond being a finite, non-negative number. */
  public enum Rule {
    /** Zero allowed. */
    NON_NEGATIVE,
    /** Used as a divisor or a count: must be > 0. */
    POSITIVE,
    /** A fraction in [0, 1]. */
    FRACTION,
    /** A fraction in (0, 1] used as a divisor. */
    POSITIVE_FRACTION;

    void check(String file, String key, double v) {
      boolean ok =
          switch (this) {
            case NON_NEGATIVE -> v >= 0;
            case POSITIVE -> v > 0;
            case FRACTION -> v >= 0 && v <= 1;
            case POSITIVE_FRACTION -> v > 0 && v <= 1;
          };
      if (!ok) {
        String want =
            switch (this) {
              case NON_NEGATIVE -> ">= 0";
              case POSITIVE -> "> 0";
              case FRACTION -> "in [0, 1]";
              case POSITIVE_FRACTION -> "in (0, 1]";
            };
        throw new ProfileException(file, key, "value must be " + want + " but was " + v);
      }
    }
  }

  /** Every key the models read, with its rule. */
  public static final Map<String, Rule> REQUIRED = build();

  private ProfileKeys() {}

  private static Map<String, Rule> build() {
    Map<String, Rule> m = new LinkedHashMap<>();
    m.put(EDGE_PEAK_FLOPS, Rule.POSITIVE);
    m.put(EDGE_EFF_SDXL, Rule.POSITIVE_FRACTION);
    m.put(EDGE_EFF_VAE, Rule.POSITIVE_FRACTION);
    m.put(EDGE_EFF_STABLESR, Rule.POSITIVE_FRACTION);
    m.put(EDGE_EFF_REALESRGAN, Rule.POSITIVE_FRACTION);
    m.put(DEVICE_PEAK_FLOPS, Rule.POSITIVE);
    m.put(DEVICE_EFF_REALESRGAN, Rule.POSITIVE_FRACTION);
    m.put(LINK_BANDWIDTH, Rule.POSITIVE);
    m.put(LINK_BYTES_PER_PIXEL, Rule.POSITIVE);
    m.put(LINK_COMPRESSION, Rule.POSITIVE_FRACTION);
    m.put(SDXL_LINEAR, Rule.POSITIVE);
    m.put(SDXL_ATTENTION, Rule.NON_NEGATIVE);
    m.put(SDXL_FORWARDS, Rule.POSITIVE);
    m.put(SDXL_VAE, Rule.NON_NEGATIVE);
    m.put(STABLESR_TILE_STEP, Rule.POSITIVE);
    m.put(STABLESR_STEPS, Rule.POSITIVE);
    m.put(STABLESR_TILE, Rule.POSITIVE);
    m.put(STABLESR_STRIDE, Rule.POSITIVE);
    m.put(REALESRGAN_FLOPS, Rule.POSITIVE);
    m.put(GRID_SIZE, Rule.POSITIVE);
    m.put(GAMMA, Rule.FRACTION);
    m.put(Q_PEAK, Rule.POSITIVE);
    m.put(Q_PEAK_SIDE, Rule.POSITIVE);
    m.put(Q_SIGMA_BELOW, Rule.POSITIVE);
    m.put(Q_SIGMA_ABOVE, Rule.POSITIVE);
    m.put(Q_STEP_AMPLITUDE, Rule.FRACTION);
    m.put(Q_STEP_SCALE, Rule.POSITIVE);
    m.put(Q_SR_GAIN_MAX, Rule.NON_NEGATIVE);
    m.put(Q_SR_GAIN_SCALE, Rule.POSITIVE);
    m.put(Q_FLOOR, Rule.NON_NEGATIVE);
    m.put(USERS, Rule.POSITIVE);
    m.put(L0, Rule.POSITIVE);
    m.put(EDGE_BUDGET_SECONDS, Rule.POSITIVE);
    m.put(DEVICE_BUDGET_SECONDS, Rule.POSITIVE);
    m.put(COG_BASE_SIDE, Rule.POSITIVE);
    m.put(COG_BASE_STEPS, Rule.POSITIVE);
    m.put(COG_RELAY_STEPS, Rule.POSITIVE);
    m.put(COG_RELAY_MAX_SCALE, Rule.POSITIVE);
    m.put(COG_PARAMS_RATIO, Rule.POSITIVE);
    m.put(COG_FORWARDS, Rule.POSITIVE);
    m.put(COG_QUALITY, Rule.POSITIVE);
    return java.util.Collections.unmodifiableMap(m);
  }
}
