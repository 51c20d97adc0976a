package io.hybridsr.inference.ncnn;

/**
 * Compute and size figures of a converted graph.
 *
 * @param flopsPerInputPixel floating-point operations per input pixel (2 per multiply-add of the
 *     convolutions; activations, additions and resizes are negligible and not counted)
 * @param scale output side over input side (4 for Real-ESRGAN x4)
 * @param parameters number of learned values (weights, biases, PReLU slopes)
 * @param layers number of ncnn layers
 */
public record GraphStats(double flopsPerInputPixel, int scale, long parameters, int layers) {
  /** FLOPs for one forward pass over a {@code width x height} input. */
  public double flops(int width, int height) {
    return flopsPerInputPixel * width * height;
  }
}
