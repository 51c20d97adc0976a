package io.hybridsr.inference.quant;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

/**
 * A float32 Real-ESRGAN graph to its float16 graph, for GPUs: every float weight is rounded to half
 * precision (round to nearest even) and every activation is computed in half, while the graph's
 * input and output stay float32 (a Cast after the input and before the output), so a runner feeds
 * and reads it exactly as the fp32 graph.
 *
 * <p>Why a graph of its own rather than a session option: ONNX Runtime runs a graph in the element
 * types it declares; the CUDA provider then uses its half-precision (tensor core) kernels. The CPU
 * provider has no float16 convolution on x86: it runs each such node in float behind inserted
 * casts, which is slower than fp32 and useful only to check fp16's accuracy on a machine without a
 * GPU.
 *
 * <p>Resize's {@code roi} and {@code scales} inputs stay float32: ONNX defines them so.
 */
public final class Fp16Conversion {
  private Fp16Conversion() {}

  /** Suffix of the half-precision tensors that stand for the graph's float32 input and output. */
  static final String HALF = "_fp16";

  /** The float16 graph of {@code fp32}. */
  public static ModelProto convert(ModelProto fp32) {
    GraphProto g = fp32.getGraph();
    if (g.getInputCount() != 1 || g.getOutputCount() != 1) {
      throw new IllegalArgumentException(
          "expected one input and one output, got "
              + g.getInputCount()
              + " and "
              + g.getOutputCount());
    }
    String in = g.getInput(0).getName();
    String out = g.getOutput(0).getName();
    Set<String> keepFloat = resizeParameters(g);
    GraphProto.Builder b = g.toBuilder().clearInitializer().clearNode().clearValueInfo();
    for (TensorProto t : g.getInitializerList()) {
      b.addInitializer(
          t.getDataType() == TensorProto.DataType.FLOAT.getNumber()
                  && !keepFloat.contains(t.getName())
              ? half(t)
              : t);
    }
    b.addNode(cast(in, in + HALF, TensorProto.DataType.FLOAT16));
    for (NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("Constant")) {
        throw new IllegalArgumentException(
            "Constant nodes are not converted (" + n.getName() + "): make them initializers");
      }
      NodeProto.Builder nb = n.toBuilder();
      for (int i = 0; i < nb.getInputCount(); i++) {
        if (nb.getInput(i).equals(in)) {
          nb.setInput(i, in + HALF);
        }
      }
      for (int i = 0; i < nb.getOutputCount(); i++) {
        if (nb.getOutput(i).equals(out)) {
          nb.setOutput(i, out + HALF);
        }
      }
      b.addNode(nb);
    }
    b.addNode(cast(out + HALF, out, TensorProto.DataType.FLOAT));
    return fp32.toBuilder().setGraph(b).build();
  }

  /** Initializers that are Resize's roi or scales (inputs 1 and 2), which must stay float32. */
  private static Set<String> resizeParameters(GraphProto g) {
    Set<String> s = new HashSet<>();
    for (NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("Resize")) {
        for (int i = 1; i < Math.min(3, n.getInputCount()); i++) {
          s.add(n.getInput(i));
        }
      }
    }
    return s;
  }

  private static NodeProto cast(String from, String to, TensorProto.DataType type) {
    return NodeProto.newBuilder()
        .setOpType("Cast")
        .setName("cast_" + to)
        .addInput(from)
        .addOutput(to)
        .addAttribute(
            AttributeProto.newBuilder()
                .setName("to")
                .setType(AttributeProto.AttributeType.INT)
                .setI(type.getNumber()))
        .build();
  }

  /** {@code t} (float32) as float16, same name and shape. */
  static TensorProto half(TensorProto t) {
    float[] v = QdqQuantizer.floats(t);
    ByteBuffer buf = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      buf.putShort(toHalf(f));
    }
    return t.toBuilder()
        .clearFloatData()
        .clearRawData()
        .setDataType(TensorProto.DataType.FLOAT16.getNumber())
        .setRawData(ByteString.copyFrom(buf.array()))
        .build();
  }

  /**
   * The IEEE 754 half nearest to {@code f} (ties to even), as its bits: out of range is infinity,
   * below half's smallest subnormal is a signed zero, NaN stays NaN. (Java 17 has no {@code
   * Float.floatToFloat16}.)
   */
  static short toHalf(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xff;
    int mant = bits & 0x7fffff;
    if (exp == 0xff) {
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      // subnormal: the implicit 1 joins the mantissa, shifted to half's unit of 2^-24
      int full = mant | 0x800000;
      int shift = 14 - e;
      int h = full >>> shift;
      int rem = full & ((1 << shift) - 1);
      int halfway = 1 << (shift - 1);
      if (rem > halfway || (rem == halfway && (h & 1) != 0)) {
        h++;
      }
      return (short) (sign | h);
    }
    int h = sign | (e << 10) | (mant >>> 13);
    int rem = mant & 0x1fff;
    // a carry out of the mantissa raises the exponent, up to infinity: what rounding wants
    if (rem > 0x1000 || (rem == 0x1000 && (h & 1) != 0)) {
      h++;
    }
    return (short) h;
  }

  /** The float value of half-precision bits {@code h}. */
  static float toFloat(short h) {
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  /** Whether every value of the float32 tensor {@code t} is exactly a half. */
  static boolean exactInHalf(TensorProto t) {
    for (float f : QdqQuantizer.floats(t)) {
      if (Float.floatToRawIntBits(toFloat(toHalf(f))) != Float.floatToRawIntBits(f)) {
        return false;
      }
    }
    return true;
  }
}
