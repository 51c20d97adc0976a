package io.hybridsr.inference.calibrate;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.realesrgan.RealEsrganUpscaler;
import java.util.ArrayList;
import java.util.List;

/**
 * Calibration probes for Real-ESRGAN on its real weights: one forward pass per input size. The
 * FLOPs per input pixel are counted from the network's graph, so the efficiency is exact.
 *
 * @param site "device" for the device's network (x4fast), "edge" for the edge SR slot (x4plus)
 */
public record RealEsrganCalibration(RealEsrganUpscaler sr, String site, int[] sides)
    implements CalibrationTarget {

  @Override
  public String name() {
    return sr.name();
  }

  @Override
  public boolean standIn() {
    return false;
  }

  @Override
  public List<CalibrationProbe> probes() {
    List<CalibrationProbe> probes = new ArrayList<>();
    for (int side : sides) {
      ImageTensor in = new ImageTensor(3, side, side);
      java.util.Arrays.fill(in.data(), 0.5f);
      double px = (double) side * side;
      probes.add(
          new CalibrationProbe(
              "realesrgan",
              site,
              "forward " + side + "x" + side,
              "Mpx in",
              px / 1e6,
              sr.flopsPerInputPixel() * px,
              () -> sr.forward(in)));
    }
    return probes;
  }
}
