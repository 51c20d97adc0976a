package io.hybridsr.inference.quant;

/**
 * A precision that cannot or may not run here: no kernels for it (bf16 on ONNX Runtime's CPU
 * provider), or a measured quality loss over the configured budget. Commands print its message as
 * one line, as for missing weights.
 */
public final class PrecisionUnavailableException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public PrecisionUnavailableException(String message) {
    super(message);
  }
}
