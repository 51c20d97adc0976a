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
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The second moments of every convolution's input, what {@link GptqRounding} needs: for each Conv
 * (one group, stride 1, dilation 1) the Gram matrix {@code G = sum x x^T} over the columns {@code
 * x} of its im2col input (one per output pixel and calibration input, zero padding included), the
 * column sums {@code sum x} and their count.
 *
 * <p>Why in the graph: the products are large (x4plus has some 350 distinct convolution inputs of
 * up to 576 columns, over 8192 pixels each), so they are computed by ONNX Runtime's own matrix
 * multiply on the float graph, with each distinct Conv input unfolded by Pad, Slice and Concat and
 * multiplied by its transpose; only the d x d results leave the session. The calibration inputs of
 * one shape run as one batch.
 */
public final class ConvHessians {
  /**
   * The moments of one Conv input, in the order of the flattened weight ({@code c * kh * kw + ky *
   * kw + kx}).
   *
   * @param dim the number of im2col rows (input channels times kernel size)
   * @param gram {@code dim x dim}, row-major
   * @param sum the column sums, {@code dim}
   * @param count the number of columns summed
   */
  public record Moments(int dim, double[] gram, double[] sum, long count) {}

  private ConvHessians() {}

  /** The moments of each eligible Conv's input, keyed by the Conv's weight initializer. */
  public static Map<String, Moments> measure(
      ModelProto prepared, List<ImageTensor> inputs, int threads) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("calibration needs at least one input");
    }
    GraphProto g = prepared.getGraph();
    Map<String, TensorProto> inits = QdqQuantizer.initializers(g);
    String inputName = g.getInput(0).getName();
    GraphProto.Builder out = g.toBuilder().clearOutput();
    // one unfolding per distinct (input tensor, kernel, pads); several Convs may share it
    Map<String, Unfold> unfolds = new LinkedHashMap<>();
    Map<String, Unfold> byWeight = new LinkedHashMap<>();
    for (NodeProto n : g.getNodeList()) {
      Unfold u = eligible(n, inits);
      if (u == null) {
        continue;
      }
      Unfold shared = unfolds.get(u.key());
      if (shared == null) {
        shared = new Unfold(u.input, u.channels, u.kh, u.kw, u.pads, "hess" + unfolds.size());
        unfolds.put(u.key(), shared);
        addUnfold(out, shared);
      }
      byWeight.put(n.getInput(1), shared);
    }
    if (unfolds.isEmpty()) {
      return Map.of();
    }
    byte[] bytes = prepared.toBuilder().setGraph(out).build().toByteArray();
    Map<String, float[]> gram = new HashMap<>();
    Map<String, float[]> sum = new HashMap<>();
    Map<String, Long> count = new HashMap<>();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = MeasuringGraphs.open(bytes, threads)) {
      for (List<ImageTensor> batch : byShape(inputs)) {
        ImageTensor first = batch.get(0);
        int plane = first.channels() * first.height() * first.width();
        float[] x = new float[plane * batch.size()];
        for (int i = 0; i < batch.size(); i++) {
          System.arraycopy(batch.get(i).data(), 0, x, i * plane, plane);
        }
        long[] shape = first.nchwShape();
        shape[0] = batch.size();
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
            OrtSession.Result r = s.run(Map.of(inputName, t))) {
          for (Map.Entry<String, OnnxValue> e : r) {
            if (e.getKey().endsWith("_n")) {
              long[] dims = (long[]) e.getValue().getValue();
              count.merge(e.getKey(), dims[1], Long::sum);
              continue;
            }
            FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
            float[] v = new float[fb.remaining()];
            fb.get(v);
            (e.getKey().endsWith("_gram") ? gram : sum).merge(e.getKey(), v, ConvHessians::add);
          }
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("Hessian run failed: " + e.getMessage(), e);
    }
    Map<String, Moments> converted = new HashMap<>();
    Map<String, Moments> result = new LinkedHashMap<>();
    byWeight.forEach(
        (w, u) ->
            result.put(
                w,
                converted.computeIfAbsent(
                    u.name,
                    k ->
                        reorder(
                            u,
                            gram.get(u.name + "_gram"),
                            sum.get(u.name + "_sum"),
                            count.get(u.name + "_n")))));
    return result;
  }

  private record Unfold(String input, int channels, int kh, int kw, long[] pads, String name) {
    String key() {
      return input + "|" + kh + "x" + kw + "|" + Arrays.toString(pads);
    }
  }

  /** The unfolding a Conv needs, or null when it is not a one-group, stride 1, dilation 1 Conv. */
  private static Unfold eligible(NodeProto n, Map<String, TensorProto> inits) {
    if (!n.getOpType().equals("Conv") || n.getInputCount() < 2) {
      return null;
    }
    TensorProto w = inits.get(n.getInput(1));
    if (w == null || w.getDimsCount() != 4 || inits.containsKey(n.getInput(0))) {
      return null;
    }
    long[] pads = {0, 0, 0, 0};
    for (AttributeProto a : n.getAttributeList()) {
      switch (a.getName()) {
        case "group" -> {
          if (a.getI() != 1) {
            return null;
          }
        }
        case "strides", "dilations" -> {
          if (a.getIntsList().stream().anyMatch(v -> v != 1)) {
            return null;
          }
        }
        case "pads" -> {
          for (int i = 0; i < 4; i++) {
            pads[i] = a.getInts(i);
          }
        }
        case "auto_pad" -> {
          if (!a.getS().toStringUtf8().equals("NOTSET")) {
            return null;
          }
        }
        default -> {}
      }
    }
    return new Unfold(
        n.getInput(0), (int) w.getDims(1), (int) w.getDims(2), (int) w.getDims(3), pads, null);
  }

  /**
   * Adds {@code name_gram = M M^T} and {@code name_sum = sum_columns M} for {@code M}, the im2col
   * matrix {@code [kh * kw * C, N * H * W]} of the input (rows ordered by kernel offset, then
   * channel).
   */
  private static void addUnfold(GraphProto.Builder g, Unfold u) {
    String p = u.name;
    String x = u.input;
    String padded = x;
    if (Arrays.stream(u.pads).anyMatch(v -> v != 0)) {
      padded = p + "_pad";
      g.addInitializer(longs(p + "_pads", 0, 0, u.pads[0], u.pads[1], 0, 0, u.pads[2], u.pads[3]));
      node(g, "Pad", padded, x, p + "_pads");
    }
    String[] shifts = new String[u.kh * u.kw];
    for (int ky = 0; ky < u.kh; ky++) {
      for (int kx = 0; kx < u.kw; kx++) {
        int s = ky * u.kw + kx;
        if (u.kh == 1 && u.kw == 1) {
          shifts[s] = padded;
          continue;
        }
        long endY = ky - (u.kh - 1) == 0 ? Long.MAX_VALUE : ky - (u.kh - 1);
        long endX = kx - (u.kw - 1) == 0 ? Long.MAX_VALUE : kx - (u.kw - 1);
        String sn = p + "_s" + s;
        g.addInitializer(longs(sn + "_b", ky, kx));
        g.addInitializer(longs(sn + "_e", endY, endX));
        g.addInitializer(longs(sn + "_a", 2, 3));
        node(g, "Slice", sn, padded, sn + "_b", sn + "_e", sn + "_a");
        shifts[s] = sn;
      }
    }
    String cat = shifts[0];
    if (shifts.length > 1) {
      cat = p + "_cat";
      g.addNode(
          NodeProto.newBuilder()
              .setOpType("Concat")
              .setName(cat)
              .addAllInput(Arrays.asList(shifts))
              .addOutput(cat)
              .addAttribute(
                  AttributeProto.newBuilder()
                      .setName("axis")
                      .setType(AttributeProto.AttributeType.INT)
                      .setI(1)));
    }
    String tr = p + "_tr";
    g.addNode(
        NodeProto.newBuilder()
            .setOpType("Transpose")
            .setName(tr)
            .addInput(cat)
            .addOutput(tr)
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("perm")
                    .setType(AttributeProto.AttributeType.INTS)
                    .addAllInts(List.of(1L, 0L, 2L, 3L))));
    g.addInitializer(longs(p + "_shape", (long) u.kh * u.kw * u.channels, -1));
    node(g, "Reshape", p + "_m", tr, p + "_shape");
    g.addNode(
        NodeProto.newBuilder()
            .setOpType("Transpose")
            .setName(p + "_mt")
            .addInput(p + "_m")
            .addOutput(p + "_mt")
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("perm")
                    .setType(AttributeProto.AttributeType.INTS)
                    .addAllInts(List.of(1L, 0L))));
    node(g, "MatMul", p + "_gram", p + "_m", p + "_mt");
    g.addInitializer(longs(p + "_axes", 1));
    g.addNode(
        NodeProto.newBuilder()
            .setOpType("ReduceSum")
            .setName(p + "_sum")
            .addInput(p + "_m")
            .addInput(p + "_axes")
            .addOutput(p + "_sum")
            .addAttribute(
                AttributeProto.newBuilder()
                    .setName("keepdims")
                    .setType(AttributeProto.AttributeType.INT)
                    .setI(0)));
    node(g, "Shape", p + "_n", p + "_m");
    g.addOutput(MeasuringGraphs.output(p + "_gram", TensorProto.DataType.FLOAT));
    g.addOutput(MeasuringGraphs.output(p + "_sum", TensorProto.DataType.FLOAT));
    g.addOutput(MeasuringGraphs.output(p + "_n", TensorProto.DataType.INT64));
  }

  /** From the graph's order (kernel offset, then channel) to the weight's (channel, offset). */
  private static Moments reorder(Unfold u, float[] gram, float[] sum, long count) {
    int k = u.kh * u.kw;
    int c = u.channels;
    int d = k * c;
    int[] to = new int[d]; // graph row s * C + ch -> weight row ch * K + s
    for (int s = 0; s < k; s++) {
      for (int ch = 0; ch < c; ch++) {
        to[s * c + ch] = ch * k + s;
      }
    }
    double[] g = new double[d * d];
    double[] m = new double[d];
    for (int i = 0; i < d; i++) {
      m[to[i]] = sum[i];
      for (int j = 0; j < d; j++) {
        g[to[i] * d + to[j]] = gram[i * d + j];
      }
    }
    return new Moments(d, g, m, count);
  }

  private static List<List<ImageTensor>> byShape(List<ImageTensor> inputs) {
    Map<String, List<ImageTensor>> m = new LinkedHashMap<>();
    inputs.forEach(x -> m.computeIfAbsent(x.shape(), k -> new ArrayList<>()).add(x));
    return new ArrayList<>(m.values());
  }

  private static float[] add(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }

  private static void node(GraphProto.Builder g, String op, String output, String... inputs) {
    g.addNode(
        NodeProto.newBuilder()
            .setOpType(op)
            .setName(output)
            .addAllInput(Arrays.asList(inputs))
            .addOutput(output));
  }

  private static TensorProto longs(String name, long... v) {
    ByteBuffer buf = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.asLongBuffer().put(v);
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.INT64.getNumber())
        .addDims(v.length)
        .setRawData(ByteString.copyFrom(buf.array()))
        .build();
  }
}
