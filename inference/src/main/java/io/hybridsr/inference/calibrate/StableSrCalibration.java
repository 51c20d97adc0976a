package io.hybridsr.inference.calibrate;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.stablesr.StableSrUpscaler;
import io.hybridsr.inference.standin.StandIns;
import java.util.List;

/**
 * Calibration probes for StableSR: one tile-step (time-aware encoder plus UNet on one latent tile)
 * at the configured tile size, and one whole patch upscale.
 */
public final class StableSrCalibration implements CalibrationTarget {
  private final StableSrUpscaler sr;
  private final java.nio.file.Path folder;
  private final boolean standIn;
  private final int patch;

  /**
   * @param patch side in pixels of the input patch for the whole-upscale probe
   */
  public StableSrCalibration(
      StableSrUpscaler sr, java.nio.file.Path folder, boolean standIn, int patch) {
    this.sr = sr;
    this.folder = folder;
    this.standIn = standIn;
    this.patch = patch;
  }

  @Override
  public String name() {
    return sr.name();
  }

  @Override
  public boolean standIn() {
    return standIn;
  }

  @Override
  public List<CalibrationProbe> probes() {
    int t = sr.options().tileLatent();
    double flops =
        standIn
            ? StandIns.flops(folder, "struct_encoder", t, t) + StandIns.flops(folder, "unet", t, t)
            : Double.NaN;
    ImageTensor x = new ImageTensor(4, t, t);
    ImageTensor lr = new ImageTensor(4, t, t);
    float[][] ctx = new float[1][];
    ImageTensor in = new ImageTensor(3, patch, patch);
    java.util.Arrays.fill(in.data(), 0.5f);
    int outPx = patch * sr.scale();
    return List.of(
        new CalibrationProbe(
            "stablesr",
            "edge",
            "tile-step (latent " + t + "x" + t + ", " + 8 * t + " px)",
            "tile-step",
            1,
            flops,
            () ->
                sr.predictNoise(
                    x, lr, 500, ctx[0] == null ? (ctx[0] = sr.emptyContext()) : ctx[0])),
        new CalibrationProbe(
            "stablesr",
            "edge",
            "upscale " + patch + "px x" + sr.scale() + ", " + sr.options().steps() + " steps",
            "Mpx out",
            outPx * (double) outPx / 1e6,
            Double.NaN,
            () -> sr.upscale(in)));
  }
}
