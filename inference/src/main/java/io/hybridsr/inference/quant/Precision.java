package io.hybridsr.inference.quant;

import java.util.Arrays;
import java.util.Locale;

/**
 * The arithmetic a Real-ESRGAN graph runs in.
 *
 * <p>{@link #INT8} is the QDQ graph of {@link QdqQuantizer}; {@link #BF16} is named so that asking
 * for it gets a clear refusal: ONNX Runtime's CPU provider has no bfloat16 convolution (see {@link
 * Bf16Support}).
 */
public enum Precision {
  FP32,
  INT8,
  BF16;

  /** The lower-case name used on the command line, in files and in the cache key. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code fp32}, {@code int8} or {@code bf16} (any case). */
  public static Precision parse(String s) {
    for (Precision p : values()) {
      if (p.id().equalsIgnoreCase(s.strip())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "precision '"
            + s
            + "' is not one of "
            + Arrays.stream(values()).map(Precision::id).toList());
  }

  @Override
  public String toString() {
    return id();
  }
}
