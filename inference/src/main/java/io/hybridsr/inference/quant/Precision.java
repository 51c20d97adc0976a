package io.hybridsr.inference.quant;

import java.util.Arrays;
import java.util.Locale;

/**
 * The arithmetic a Real-ESRGAN graph runs in.
 *
 * <p>{@link #INT8} is the QDQ graph of {@link QdqQuantizer}, for CPUs; {@link #FP16} the half
 * precision graph of {@link Fp16Conversion}, for GPUs (the CPU provider runs it in float behind
 * casts, slower than fp32: {@link #cpuNote()}); {@link #BF16} is named so that asking for it gets a
 * clear refusal: ONNX Runtime's CPU provider has no bfloat16 convolution (see {@link Bf16Support}).
 */
public enum Precision {
  FP32,
  INT8,
  FP16,
  BF16;

  /** The lower-case name used on the command line, in files and in the cache key. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * What running this precision on the CPU provider means, or empty when it is what the CPU is for
   * (fp32, int8). For fp16: ONNX Runtime has no float16 convolution on x86 CPUs and runs each such
   * node in float behind casts, so it is slower than fp32 there; it checks fp16's accuracy before a
   * GPU run.
   */
  public java.util.Optional<String> cpuNote() {
    return this == FP16
        ? java.util.Optional.of(
            "fp16 is for GPUs: on the CPU provider ONNX Runtime runs each float16 convolution in"
                + " float behind casts (slower than fp32; its output shows fp16's accuracy)")
        : java.util.Optional.empty();
  }

  /** {@code fp32}, {@code int8}, {@code fp16} or {@code bf16} (any case). */
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
