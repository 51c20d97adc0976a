package io.hybridsr.core.latency;

import io.hybridsr.core.config.Configuration;
import io.hybridsr.core.config.GenerationSize;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileKeys;

/**
 * The paper's latency model, eqs. (3)-(7), for one task and configuration.
 *
 * <p>Loads are peak-equivalent FLOP: a stage's model FLOP divided by its runner's efficiency, so T
 * = load / peak equals model FLOP / (peak x efficiency) while constraint (11) still adds the stages
 * up in one unit. With S = 1 no SR runs: the whole image goes to the device on path 5.
 *
 * <pre>{@code
 * LatencyModel m = new LatencyModel(Profile.defaultProfile(), 0.25, 1.0);
 * LatencyEstimate e = m.estimate(1920, 1080, new Configuration(2, 30));
 * double seconds = e.latency().total();
 * }</pre>
 */
public final class LatencyModel implements LatencyPredictor {
  private final ModelLoads loads;
  private final double gamma;
  private final int grid;
  private final double edgeCapacity;
  private final double deviceCapacity;
  private final double bandwidth;
  private final double bitsPerPixel;
  private final double effSdxl;
  private final double effVae;
  private final double effStableSr;
  private final double effDeviceSr;

  /**
   * @param profile the constants
   * @param gamma the fraction of patches sent to diffusion SR, in [0, 1]
   * @param edgeCapacityRatio the fraction of the edge's compute available (Fig. 8a), in (0, 1]
   */
  public LatencyModel(Profile profile, double gamma, double edgeCapacityRatio) {
    if (!(gamma >= 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma must be in [0, 1] but was " + gamma);
    }
    if (!(edgeCapacityRatio > 0 && edgeCapacityRatio <= 1)) {
      throw new IllegalArgumentException(
          "edge capacity ratio must be in (0, 1] but was " + edgeCapacityRatio);
    }
    this.loads = new ModelLoads(profile);
    this.gamma = gamma;
    this.grid = (int) Math.round(profile.value(ProfileKeys.GRID_SIZE));
    this.edgeCapacity = profile.value(ProfileKeys.EDGE_PEAK_FLOPS) * edgeCapacityRatio;
    this.deviceCapacity = profile.value(ProfileKeys.DEVICE_PEAK_FLOPS);
    this.bandwidth = profile.value(ProfileKeys.LINK_BANDWIDTH);
    this.bitsPerPixel =
        8
            * profile.value(ProfileKeys.LINK_BYTES_PER_PIXEL)
            * profile.value(ProfileKeys.LINK_COMPRESSION);
    this.effSdxl = profile.value(ProfileKeys.EDGE_EFF_SDXL);
    this.effVae = profile.value(ProfileKeys.EDGE_EFF_VAE);
    this.effStableSr = profile.value(ProfileKeys.EDGE_EFF_STABLESR);
    this.effDeviceSr = profile.value(ProfileKeys.DEVICE_EFF_REALESRGAN);
  }

  /** Convenience: the profile's own gamma at full edge capacity. */
  public LatencyModel(Profile profile) {
    this(profile, profile.value(ProfileKeys.GAMMA), 1.0);
  }

  /** Foreground patches |Omega^1| = round(gamma * n^2). */
  public int foregroundPatches() {
    return (int) Math.round(gamma * grid * grid);
  }

  /** The allocation ratio gamma this model uses. */
  @Override
  public double gamma() {
    return gamma;
  }

  /** Edge capacity C1 in FLOP/s (peak times the capacity ratio). */
  public double edgeCapacity() {
    return edgeCapacity;
  }

  /** Device capacity C2 in FLOP/s. */
  public double deviceCapacity() {
    return deviceCapacity;
  }

  /** The model FLOP counts behind the loads. */
  public ModelLoads loads() {
    return loads;
  }

  @Override
  public LatencyEstimate estimate(io.hybridsr.core.task.Task task, Configuration e) {
    return estimate(task.targetWidth(), task.targetHeight(), e);
  }

  /** Loads and latencies of a target size R~ generated with configuration e = [S, D]. */
  public LatencyEstimate estimate(int targetWidth, int targetHeight, Configuration e) {
    GenerationSize r = GenerationSize.of(targetWidth, targetHeight, e.scale());
    double targetPixels = (double) targetWidth * targetHeight;
    double xi1 = e.steps() * loads.unetStep(r) / effSdxl + loads.vaeDecode(r.pixels()) / effVae;
    if (!e.usesSuperResolution()) {
      double eta5 = targetPixels * bitsPerPixel;
      return new LatencyEstimate(
          r,
          xi1,
          0,
          0,
          0,
          eta5,
          LatencyBreakdown.of(xi1 / edgeCapacity, 0, 0, 0, eta5 / bandwidth));
    }
    int cells = grid * grid;
    int fg = foregroundPatches();
    double fgFraction = (double) fg / cells;
    int tilesPerPatch =
        loads.stableSrTiles(ceilDiv(targetWidth, grid), ceilDiv(targetHeight, grid));
    double xi2 = fg == 0 ? 0 : loads.stableSr(fg * tilesPerPatch) / effStableSr;
    double xi3 = loads.realEsrgan((1 - fgFraction) * r.pixels()) / effDeviceSr;
    double eta4 = fgFraction * targetPixels * bitsPerPixel;
    double eta5 = (1 - fgFraction) * r.pixels() * bitsPerPixel;
    LatencyBreakdown t =
        LatencyBreakdown.of(
            xi1 / edgeCapacity,
            xi2 / edgeCapacity,
            xi3 / deviceCapacity,
            eta4 / bandwidth,
            eta5 / bandwidth);
    return new LatencyEstimate(r, xi1, xi2, xi3, eta4, eta5, t);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
