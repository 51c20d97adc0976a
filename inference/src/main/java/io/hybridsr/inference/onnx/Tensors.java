package io.hybridsr.inference.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.platform.Fp16Conversions;
import io.hybridsr.inference.contract.ElementType;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * Makes input tensors in the element type a model declares and reads float outputs back, so that
 * runners compute in float32 whatever the precision of the export (float16 exports are converted at
 * the boundary).
 */
public final class Tensors {
  private Tensors() {}

  private static OrtEnvironment env() {
    return OrtEnvironment.getEnvironment();
  }

  /** A float tensor in {@code type} (FLOAT32 or FLOAT16). */
  public static OnnxTensor floats(float[] data, long[] shape, ElementType type)
      throws OrtException {
    if (type == ElementType.FLOAT16) {
      ShortBuffer half = Fp16Conversions.convertFloatBufferToFp16Buffer(FloatBuffer.wrap(data));
      return OnnxTensor.createTensor(env(), half, shape, OnnxJavaType.FLOAT16);
    }
    if (type != ElementType.FLOAT32) {
      throw new IllegalArgumentException("not a float type: " + type);
    }
    return OnnxTensor.createTensor(env(), FloatBuffer.wrap(data), shape);
  }

  /** Integer ids as int32 or int64, as the model declares. */
  public static OnnxTensor ints(int[] data, long[] shape, ElementType type) throws OrtException {
    return switch (type) {
      case INT32 -> OnnxTensor.createTensor(env(), IntBuffer.wrap(data), shape);
      case INT64 -> {
        long[] l = new long[data.length];
        for (int i = 0; i < l.length; i++) {
          l[i] = data[i];
        }
        yield OnnxTensor.createTensor(env(), LongBuffer.wrap(l), shape);
      }
      default -> throw new IllegalArgumentException("not an integer type: " + type);
    };
  }

  /** A timestep vector of {@code batch} equal values in whatever type the model declares. */
  public static OnnxTensor timestep(double t, int batch, ElementType type) throws OrtException {
    long[] shape = {batch};
    return switch (type) {
      case INT64 -> {
        long[] v = new long[batch];
        java.util.Arrays.fill(v, Math.round(t));
        yield OnnxTensor.createTensor(env(), LongBuffer.wrap(v), shape);
      }
      case INT32 -> {
        int[] v = new int[batch];
        java.util.Arrays.fill(v, (int) Math.round(t));
        yield OnnxTensor.createTensor(env(), IntBuffer.wrap(v), shape);
      }
      default -> {
        float[] v = new float[batch];
        java.util.Arrays.fill(v, (float) t);
        yield floats(v, shape, type);
      }
    };
  }

  /** The values of a float32 or float16 output as float32, in row-major order. */
  public static float[] readFloats(OnnxValue value) {
    if (!(value instanceof OnnxTensor t)) {
      throw new IllegalArgumentException("output is not a tensor: " + value.getInfo());
    }
    OnnxJavaType type = t.getInfo().type;
    if (type == OnnxJavaType.FLOAT) {
      FloatBuffer b = t.getFloatBuffer();
      float[] out = new float[b.remaining()];
      b.get(out);
      return out;
    }
    if (type == OnnxJavaType.FLOAT16) {
      FloatBuffer b = Fp16Conversions.convertFp16BufferToFloatBuffer(t.getShortBuffer());
      float[] out = new float[b.remaining()];
      b.get(out);
      return out;
    }
    throw new IllegalArgumentException("output is " + type + ", expected float or float16");
  }

  public static long[] shape(OnnxValue value) {
    return ((OnnxTensor) value).getInfo().getShape();
  }
}
