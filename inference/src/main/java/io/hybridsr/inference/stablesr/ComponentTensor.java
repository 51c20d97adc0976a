package io.hybridsr.inference.stablesr;

/**
 * A tensor passed to or returned by a {@link ModelComponent}: shape and row-major values, held as
 * float whatever the engine's element type (token ids and timesteps are exact in float).
 */
public record ComponentTensor(long[] shape, float[] data) {
  public ComponentTensor {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    if (n != data.length) {
      throw new IllegalArgumentException(
          "tensor of shape "
              + java.util.Arrays.toString(shape)
              + " needs "
              + n
              + " values, got "
              + data.length);
    }
  }
}
