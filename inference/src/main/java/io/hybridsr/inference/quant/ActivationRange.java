package io.hybridsr.inference.quant;

/**
 * The smallest and largest value a tensor took on the calibration inputs, and the uint8
 * quantisation that covers it.
 */
public record ActivationRange(float min, float max) {
  public ActivationRange {
    if (!(min <= max) || !Float.isFinite(min) || !Float.isFinite(max)) {
      throw new IllegalArgumentException("bad range [" + min + ", " + max + "]");
    }
  }

  /** The union of two ranges. */
  public ActivationRange union(ActivationRange o) {
    return new ActivationRange(Math.min(min, o.min), Math.max(max, o.max));
  }

  /**
   * uint8 scale over [min(0, min), max(0, max)]: zero must be exactly representable (padding, and a
   * Relu's output then quantises with zero point 0, which lets ONNX Runtime drop the Relu).
   */
  public float scale() {
    float lo = Math.min(0f, min);
    float hi = Math.max(0f, max);
    return hi - lo < 1e-8f ? 1e-8f : (hi - lo) / 255f;
  }

  /** The uint8 zero point that goes with {@link #scale()}. */
  public int zeroPoint() {
    float lo = Math.min(0f, min);
    return Math.max(0, Math.min(255, Math.round(-lo / scale())));
  }
}
