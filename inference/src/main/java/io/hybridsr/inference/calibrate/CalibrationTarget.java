package io.hybridsr.inference.calibrate;

import java.util.List;

/**
 * A runner that {@code ./hybridsr calibrate} can time: it offers a few probes (operations at
 * typical sizes). To add a runner to the calibration, implement this and list it in the command.
 */
public interface CalibrationTarget {
  /** Human-readable name, e.g. {@code sdxl (stand-in)}. */
  String name();

  /** Whether the models behind it are stand-ins (then the figures are for stand-ins). */
  boolean standIn();

  List<CalibrationProbe> probes();
}
