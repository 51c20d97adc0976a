package io.hybridsr.inference.contract;

import ai.onnxruntime.OnnxJavaType;

/**
 * The tensor element types the diffusion contracts speak of.
 *
 * <p>A closed list on purpose: an export with bfloat16 or double tensors is refused by name rather
 * than fed values of the wrong width.
 */
public enum ElementType {
  FLOAT32,
  FLOAT16,
  INT32,
  INT64;

  /** Maps ONNX Runtime's Java type; null for a type no contract accepts. */
  public static ElementType of(OnnxJavaType t) {
    return switch (t) {
      case FLOAT -> FLOAT32;
      case FLOAT16 -> FLOAT16;
      case INT32 -> INT32;
      case INT64 -> INT64;
      default -> null;
    };
  }

  public boolean isFloat() {
    return this == FLOAT32 || this == FLOAT16;
  }

  public String onnxName() {
    return switch (this) {
      case FLOAT32 -> "tensor(float)";
      case FLOAT16 -> "tensor(float16)";
      case INT32 -> "tensor(int32)";
      case INT64 -> "tensor(int64)";
    };
  }
}
