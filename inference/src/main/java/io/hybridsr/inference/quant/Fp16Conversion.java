package io.hybridsr.inference.quant;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.platform.Fp16Conversions;
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

  /**
   * {@code fp32} with every weight that half precision holds exactly (the upscayl weights are
   * stored in half) kept as float16 and cast back to float32 when the graph is opened: the same
   * arithmetic as {@code fp32} (ONNX Runtime folds the casts into float32 initializers), in about
   * half the bytes, and with the same float16 tensors as {@link #convert}'s graph, so the two can
   * share one weights file ({@link ExternalWeights}).
   */
  public static ModelProto storeInHalf(ModelProto fp32) {
    GraphProto g = fp32.getGraph();
    GraphProto.Builder b = g.toBuilder().clearInitializer().clearNode();
    for (TensorProto t : g.getInitializerList()) {
      if (t.getDataType() == TensorProto.DataType.FLOAT.getNumber()
          && t.getDimsCount() > 0
          && exactInHalf(t)) {
        TensorProto h = half(t).toBuilder().setName(t.getName() + HALF).build();
        b.addInitializer(h);
        b.addNode(cast(h.getName(), t.getName(), TensorProto.DataType.FLOAT));
      } else {
        b.addInitializer(t);
      }
    }
    b.addAllNode(g.getNodeList());
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

  /** {@code t} (float32) as float16 (nearest, ties to even), same name and shape. */
  static TensorProto half(TensorProto t) {
    float[] v = QdqQuantizer.floats(t);
    ByteBuffer buf = ByteBuffer.allocate(2 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      buf.putShort(Fp16Conversions.floatToFp16(f));
    }
    return t.toBuilder()
        .clearFloatData()
        .clearRawData()
        .setDataType(TensorProto.DataType.FLOAT16.getNumber())
        .setRawData(ByteString.copyFrom(buf.array()))
        .build();
  }

  /** Whether every value of the float32 tensor {@code t} is exactly a half. */
  static boolean exactInHalf(TensorProto t) {
    for (float f : QdqQuantizer.floats(t)) {
      float back = Fp16Conversions.fp16ToFloat(Fp16Conversions.floatToFp16(f));
      if (Float.floatToRawIntBits(back) != Float.floatToRawIntBits(f)) {
        return false;
      }
    }
    return true;
  }
}
