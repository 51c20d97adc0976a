package io.hybridsr.inference.calibrate;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.sdxl.GenerationRequest;
import io.hybridsr.inference.sdxl.SdxlPipeline;
import io.hybridsr.inference.standin.StandIns;
import java.util.ArrayList;
import java.util.List;

/**
 * Calibration probes for SDXL: one guided UNet step (batch of two, as with classifier-free
 * guidance) at each generation resolution R, and the VAE decode at each R.
 */
public final class SdxlCalibration implements CalibrationTarget {
  private final SdxlPipeline pipeline;
  private final int[] sizes;

  public SdxlCalibration(SdxlPipeline pipeline, int... sizes) {
    this.pipeline = pipeline;
    this.sizes = sizes.clone();
  }

  @Override
  public String name() {
    return standIn() ? "sdxl (stand-in)" : "sdxl";
  }

  @Override
  public boolean standIn() {
    return pipeline.models().standIn();
  }

  @Override
  public List<CalibrationProbe> probes() {
    List<CalibrationProbe> out = new ArrayList<>();
    for (int r : sizes) {
      GenerationRequest req = GenerationRequest.of("a photo of a cat", r, r, 1);
      int h = req.latentHeight();
      int w = req.latentWidth();
      double unetFlops =
          standIn() ? 2 * StandIns.flops(pipeline.models().folder(), "unet", h, w) : Double.NaN;
      double vaeFlops =
          standIn() ? StandIns.flops(pipeline.models().folder(), "vae_decoder", h, w) : Double.NaN;
      SdxlPipeline.Conditioning[] cond = new SdxlPipeline.Conditioning[1];
      float[] x = new float[4 * h * w];
      out.add(
          new CalibrationProbe(
              "sdxl",
              "edge",
              "UNet step (CFG batch 2) " + r + "x" + r,
              "step",
              1,
              unetFlops,
              () -> {
                if (cond[0] == null) {
                  cond[0] = pipeline.condition(req);
                }
                pipeline.guidedNoise(x, 500, cond[0], 5.0, h, w);
              }));
      ImageTensor latent = new ImageTensor(4, h, w);
      out.add(
          new CalibrationProbe(
              "vae",
              "edge",
              "VAE decode " + r + "x" + r,
              "Mpx",
              r * (double) r / 1e6,
              vaeFlops,
              () -> pipeline.decode(latent)));
    }
    return out;
  }
}
