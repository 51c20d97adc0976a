package io.hybridsr.inference.quant;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import io.hybridsr.core.image.ImageTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cross-layer equalisation of activation ranges (after Nagel et al., 2019, "Data-free quantization
 * through weight equalization and bias correction"): a Conv's output channel {@code c} is divided
 * by {@code t_c > 0} and every Conv that reads it multiplies its input column {@code c} by {@code
 * t_c}, which leaves the function unchanged wherever the tensors between are per-channel positively
 * homogeneous (Relu, LeakyRelu, a depthwise Conv, an Add of two such tensors, a Mul by a positive
 * constant).
 *
 * <p>Why: uint8 activations have one scale per tensor, so a channel whose values span a tenth of
 * the tensor's range is quantised with a tenth of the levels. With {@code r_c} the channel's
 * largest magnitude relative to its tensor's (the largest over the tensors between producer and
 * readers, on the calibration inputs), {@code t_c = max(r_c, floor)^alpha}: at alpha 1 every
 * channel fills the range, at alpha 0.5 the range is shared between the activation and the readers'
 * weights, whose per-channel int8 rounding (rows mixing the scaled columns) then pays for it.
 *
 * <p>A producer is skipped unless everything its output reaches, through such operators, ends in
 * Convs of one group (the trunk of x4plus, its residual additions, the last Conv before the pixel
 * shuffle stay as they are).
 */
public final class ChannelEqualizer {
  private ChannelEqualizer() {}

  /** {@code prepared} with every eligible producer equalised as above. */
  public static ModelProto equalize(
      ModelProto prepared, List<ImageTensor> inputs, int threads, double alpha, double floor) {
    GraphProto g = prepared.getGraph();
    Map<String, TensorProto> inits = QdqQuantizer.initializers(g);
    Map<String, List<NodeProto>> readers = new HashMap<>();
    for (NodeProto n : g.getNodeList()) {
      n.getInputList().forEach(in -> readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n));
    }
    Set<String> outputs = new LinkedHashSet<>();
    g.getOutputList().forEach(o -> outputs.add(o.getName()));

    // the groups: a producer Conv, the tensors its channels reach, the Convs reading them
    List<Group> groups = new ArrayList<>();
    for (NodeProto n : g.getNodeList()) {
      if (isConv(n, inits, 1)) {
        Group grp = reach(n, readers, inits, outputs);
        if (grp != null) {
          groups.add(grp);
        }
      }
    }
    if (groups.isEmpty()) {
      return prepared;
    }
    Set<String> measured = new LinkedHashSet<>();
    groups.forEach(grp -> measured.addAll(grp.tensors));
    Map<String, float[]> channelMax = channelMaxima(prepared, measured, inputs, threads);

    Map<String, float[]> weights = new HashMap<>();
    for (Group grp : groups) {
      int c = (int) inits.get(grp.producer.getInput(1)).getDims(0);
      double[] r = new double[c];
      for (String t : grp.tensors) {
        float[] m = channelMax.get(t);
        double tensorMax = 0;
        for (float v : m) {
          tensorMax = Math.max(tensorMax, v);
        }
        for (int ch = 0; ch < c && tensorMax > 0; ch++) {
          r[ch] = Math.max(r[ch], m[ch] / tensorMax);
        }
      }
      double[] t = new double[c];
      for (int ch = 0; ch < c; ch++) {
        t[ch] = Math.pow(Math.max(r[ch], floor), alpha);
      }
      // producer: output channel ch (weight row and bias) divided by t
      scaleRows(weights, inits, grp.producer.getInput(1), t);
      if (grp.producer.getInputCount() > 2 && !grp.producer.getInput(2).isEmpty()) {
        scaleRows(weights, inits, grp.producer.getInput(2), t);
      }
      // depthwise Convs between: weights unchanged, bias divided by t
      for (NodeProto dw : grp.depthwise) {
        if (dw.getInputCount() > 2 && !dw.getInput(2).isEmpty()) {
          scaleRows(weights, inits, dw.getInput(2), t);
        }
      }
      // readers: input column ch multiplied by t
      for (NodeProto rd : grp.readers) {
        TensorProto w = inits.get(rd.getInput(1));
        float[] v = weights.computeIfAbsent(rd.getInput(1), k -> QdqQuantizer.floats(w));
        int cout = (int) w.getDims(0);
        int cin = (int) w.getDims(1);
        int k = v.length / (cout * cin);
        for (int o = 0; o < cout; o++) {
          for (int ch = 0; ch < cin; ch++) {
            for (int i = 0; i < k; i++) {
              v[(o * cin + ch) * k + i] *= (float) t[ch];
            }
          }
        }
      }
    }
    GraphProto.Builder out = g.toBuilder().clearInitializer();
    for (TensorProto t : g.getInitializerList()) {
      float[] v = weights.get(t.getName());
      out.addInitializer(v == null ? t : withFloats(t, v));
    }
    return prepared.toBuilder().setGraph(out).build();
  }

  private record Group(
      NodeProto producer,
      Set<String> tensors,
      List<NodeProto> depthwise,
      List<NodeProto> readers) {}

  /**
   * What {@code producer}'s output channels reach through homogeneous operators, or null when
   * something else reads one of those tensors, a reader Conv is shared with a tensor outside, or a
   * tensor is a graph output.
   */
  private static Group reach(
      NodeProto producer,
      Map<String, List<NodeProto>> readers,
      Map<String, TensorProto> inits,
      Set<String> outputs) {
    Set<String> tensors = new LinkedHashSet<>();
    List<NodeProto> depthwise = new ArrayList<>();
    List<NodeProto> convs = new ArrayList<>();
    List<String> todo = new ArrayList<>(List.of(producer.getOutput(0)));
    tensors.add(producer.getOutput(0));
    List<NodeProto> pendingAdds = new ArrayList<>();
    while (!todo.isEmpty()) {
      String t = todo.remove(todo.size() - 1);
      if (outputs.contains(t)) {
        return null;
      }
      for (NodeProto n : readers.getOrDefault(t, List.of())) {
        String op = n.getOpType();
        if (op.equals("Conv") && n.getInput(0).equals(t) && isConv(n, inits, 1)) {
          if (!convs.contains(n)) {
            convs.add(n);
          }
          continue;
        }
        String next;
        if (op.equals("Relu") || op.equals("LeakyRelu")) {
          next = n.getOutput(0);
        } else if (op.equals("Conv") && n.getInput(0).equals(t) && isDepthwise(n, inits)) {
          depthwise.add(n);
          next = n.getOutput(0);
        } else if (op.equals("Mul") && positiveScalar(inits.get(n.getInput(1)))) {
          next = n.getOutput(0);
        } else if (op.equals("Add") && n.getInputCount() == 2) {
          pendingAdds.add(n);
          next = null;
        } else {
          return null;
        }
        if (next != null && tensors.add(next)) {
          todo.add(next);
        }
      }
      // an Add joins the set once both its inputs are in it
      for (NodeProto a : List.copyOf(pendingAdds)) {
        if (tensors.contains(a.getInput(0)) && tensors.contains(a.getInput(1))) {
          pendingAdds.remove(a);
          if (tensors.add(a.getOutput(0))) {
            todo.add(a.getOutput(0));
          }
        }
      }
    }
    if (!pendingAdds.isEmpty() || convs.isEmpty()) {
      return null;
    }
    return new Group(producer, tensors, depthwise, convs);
  }

  private static boolean isConv(NodeProto n, Map<String, TensorProto> inits, int group) {
    if (!n.getOpType().equals("Conv") || n.getInputCount() < 2) {
      return false;
    }
    TensorProto w = inits.get(n.getInput(1));
    return w != null && w.getDimsCount() == 4 && groupOf(n) == group;
  }

  private static boolean isDepthwise(NodeProto n, Map<String, TensorProto> inits) {
    TensorProto w = inits.get(n.getInput(1));
    return w != null && w.getDimsCount() == 4 && w.getDims(1) == 1 && groupOf(n) == w.getDims(0);
  }

  private static long groupOf(NodeProto n) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals("group")) {
        return a.getI();
      }
    }
    return 1;
  }

  private static boolean positiveScalar(TensorProto t) {
    if (t == null || t.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
      return false;
    }
    float[] v = QdqQuantizer.floats(t);
    return v.length == 1 && v[0] > 0;
  }

  private static void scaleRows(
      Map<String, float[]> weights, Map<String, TensorProto> inits, String name, double[] t) {
    float[] v = weights.computeIfAbsent(name, k -> QdqQuantizer.floats(inits.get(k)));
    int per = v.length / t.length;
    for (int ch = 0; ch < t.length; ch++) {
      float f = (float) (1 / t[ch]);
      for (int i = ch * per; i < (ch + 1) * per; i++) {
        v[i] *= f;
      }
    }
  }

  /** Each tensor's largest magnitude per channel (axis 1) over the inputs. */
  private static Map<String, float[]> channelMaxima(
      ModelProto model, Set<String> tensors, List<ImageTensor> inputs, int threads) {
    GraphProto.Builder exposed = model.getGraph().toBuilder().clearOutput();
    for (String t : tensors) {
      exposed.addOutput(MeasuringGraphs.floatOutput(t));
    }
    byte[] bytes = model.toBuilder().setGraph(exposed).build().toByteArray();
    Map<String, float[]> max = new LinkedHashMap<>();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = MeasuringGraphs.open(bytes, threads)) {
      for (ImageTensor x : inputs) {
        try (OnnxTensor in =
                OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), x.nchwShape());
            OrtSession.Result r = s.run(Map.of(model.getGraph().getInput(0).getName(), in))) {
          for (Map.Entry<String, OnnxValue> e : r) {
            OnnxTensor ot = (OnnxTensor) e.getValue();
            long[] shape = ot.getInfo().getShape();
            int c = (int) shape[1];
            int plane = (int) (shape[2] * shape[3]);
            FloatBuffer fb = ot.getFloatBuffer();
            float[] m = max.computeIfAbsent(e.getKey(), k -> new float[c]);
            for (int ch = 0; ch < c; ch++) {
              for (int i = ch * plane; i < (ch + 1) * plane; i++) {
                m[ch] = Math.max(m[ch], Math.abs(fb.get(i)));
              }
            }
          }
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("equalisation run failed: " + e.getMessage(), e);
    }
    return max;
  }

  private static TensorProto withFloats(TensorProto t, float[] v) {
    ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(v);
    return t.toBuilder().clearFloatData().setRawData(ByteString.copyFrom(buf.array())).build();
  }
}
