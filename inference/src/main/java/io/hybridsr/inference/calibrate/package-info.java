/**
 * Timing of the runners on this machine for {@code ./hybridsr calibrate}: probes, the timer, and
 * the profile writer. A runner joins the calibration by implementing {@link
 * io.hybridsr.inference.calibrate.CalibrationTarget}.
 */
package io.hybridsr.inference.calibrate;
