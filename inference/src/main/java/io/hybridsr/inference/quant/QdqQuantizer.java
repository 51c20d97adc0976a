package io.hybridsr.inference.quant;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a float32 graph into ONNX's QDQ form: every activation is quantised to uint8 right after
 * the node that makes it and dequantised before each reader; convolution weights become int8,
 * symmetric per output channel, and biases int32 at the input scale times the weight scale.
 *
 * <p>Why QDQ and not hand-written QLinear nodes: ONNX Runtime's graph optimiser turns each
 * DequantizeLinear, Conv, QuantizeLinear group into its integer QLinearConv (uint8 activations
 * times int8 weights, the VNNI form), and likewise Add, LeakyRelu, Concat and Resize into their
 * uint8 kernels, choosing its own layouts; an operator it has no integer kernel for still runs, in
 * float between its DequantizeLinear and QuantizeLinear. {@link OrtProfile} shows which ran.
 *
 * <p>Two rewrites keep the graph integer end to end: a Mul by a positive scalar constant (the
 * residual scalings of x4plus) becomes a larger dequantisation scale, which is exact; and a
 * BatchNormalization with constant statistics (the blocked form of x4fast's PReLU) becomes the
 * depthwise 1x1 convolution it is ({@link #prepare}), whose following Relu ONNX Runtime folds into
 * the uint8 quantisation (zero point 0).
 *
 * <pre>{@code
 * ModelProto f = QdqQuantizer.prepare(fp32);
 * Map<String, ActivationRange> ranges = RangeCalibrator.calibrate(f, inputs, 2);
 * ModelProto int8 = QdqQuantizer.quantize(f, ranges);
 * }</pre>
 */
public final class QdqQuantizer {
  /**
   * Bumped whenever the quantiser or the calibration set changes what it writes: part of the cached
   * int8 file's name.
   */
  public static final int VERSION = 3;

  private QdqQuantizer() {}

  /**
   * The float graph to calibrate and quantise: each BatchNormalization with constant inputs
   * replaced by a depthwise 1x1 Conv computing the same per-channel affine map.
   */
  public static ModelProto prepare(ModelProto fp32) {
    GraphProto g = fp32.getGraph();
    Map<String, TensorProto> inits = initializers(g);
    GraphProto.Builder out = g.toBuilder().clearNode();
    Set<String> dropped = new HashSet<>();
    List<TensorProto> added = new ArrayList<>();
    for (NodeProto n : g.getNodeList()) {
      if (!n.getOpType().equals("BatchNormalization")
          || n.getInputCount() != 5
          || !n.getInputList().subList(1, 5).stream().allMatch(inits::containsKey)) {
        out.addNode(n);
        continue;
      }
      float eps = 1e-5f;
      for (AttributeProto a : n.getAttributeList()) {
        if (a.getName().equals("epsilon")) {
          eps = a.getF();
        }
      }
      float[] gamma = floats(inits.get(n.getInput(1)));
      float[] beta = floats(inits.get(n.getInput(2)));
      float[] mean = floats(inits.get(n.getInput(3)));
      float[] var = floats(inits.get(n.getInput(4)));
      int c = gamma.length;
      float[] w = new float[c];
      float[] b = new float[c];
      for (int i = 0; i < c; i++) {
        w[i] = (float) (gamma[i] / Math.sqrt(var[i] + eps));
        b[i] = beta[i] - mean[i] * w[i];
      }
      String wn = n.getOutput(0) + "_dw_w";
      String bn = n.getOutput(0) + "_dw_b";
      added.add(floatTensor(wn, new long[] {c, 1, 1, 1}, w));
      added.add(floatTensor(bn, new long[] {c}, b));
      n.getInputList().subList(1, 5).forEach(dropped::add);
      out.addNode(
          NodeProto.newBuilder()
              .setOpType("Conv")
              .setName(n.getName() + "_dw")
              .addInput(n.getInput(0))
              .addInput(wn)
              .addInput(bn)
              .addOutput(n.getOutput(0))
              .addAttribute(ints("kernel_shape", 1, 1))
              .addAttribute(intAttr("group", c)));
    }
    // an initializer still read by another node stays (BatchNormalizations may share zeros)
    for (NodeProto n : out.getNodeList()) {
      n.getInputList().forEach(dropped::remove);
    }
    out.clearInitializer();
    g.getInitializerList().stream()
        .filter(t -> !dropped.contains(t.getName()))
        .forEach(out::addInitializer);
    added.forEach(out::addInitializer);
    return fp32.toBuilder().setGraph(out).build();
  }

  /**
   * The QDQ graph of {@code prepared} (the output of {@link #prepare}), with each activation's
   * range from {@code ranges}; a missing range is an error.
   */
  public static ModelProto quantize(ModelProto prepared, Map<String, ActivationRange> ranges) {
    return quantize(prepared, ranges, Map.of(), 0);
  }

  /**
   * The QDQ graph of {@code prepared} as {@link #quantize(ModelProto, Map)}, with the weights of
   * each Conv that has input moments in {@code moments} (keyed by weight initializer, from {@link
   * ConvHessians}) rounded by {@link GptqRounding} at damping {@code damp}; the others round to
   * nearest.
   */
  public static ModelProto quantize(
      ModelProto prepared,
      Map<String, ActivationRange> ranges,
      Map<String, ConvHessians.Moments> moments,
      double damp) {
    return quantize(prepared, ranges, moments, damp, false);
  }

  /**
   * As {@link #quantize(ModelProto, Map, Map, double)}; with {@code floatAdds}, the Adds of running
   * sums (and a positive scalar Mul after one; see {@link #floatSums}) compute in float, and only
   * the Convs reading their outputs see them in uint8. Why: x4plus requantises its residual trunk
   * at every block and each folded concatenation's partial sums at every step, and those roundings
   * add up (36.5 dB against fp32 on the hold-out crops; 38.6 dB with its Adds in float).
   */
  public static ModelProto quantize(
      ModelProto prepared,
      Map<String, ActivationRange> ranges,
      Map<String, ConvHessians.Moments> moments,
      double damp,
      boolean floatAdds) {
    Rounding rounding = new Rounding(moments, damp);
    GraphProto g = prepared.getGraph();
    Map<String, TensorProto> inits = initializers(g);
    String output = g.getOutput(0).getName();
    Set<String> floatTensors = floatAdds ? floatSums(g, inits) : Set.of();

    // Mul by a positive scalar constant: its readers dequantise its input at a larger scale
    Map<String, String> aliasOf = new HashMap<>();
    Map<String, Float> aliasFactor = new HashMap<>();
    Set<NodeProto> folded = new HashSet<>();
    for (NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("Mul") && n.getInputCount() == 2 && !n.getOutput(0).equals(output)) {
        Float k = scalar(inits.get(n.getInput(1)));
        if (k != null
            && k > 0
            && !inits.containsKey(n.getInput(0))
            && !floatTensors.contains(n.getInput(0))) {
          String src = n.getInput(0);
          float f = k * aliasFactor.getOrDefault(src, 1f);
          aliasOf.put(n.getOutput(0), aliasOf.getOrDefault(src, src));
          aliasFactor.put(n.getOutput(0), f);
          folded.add(n);
        }
      }
    }

    // a tensor read only by Relus stays float: the Relu's output is quantised with zero point 0,
    // and ONNX Runtime then drops the Relu and fuses its producer into one integer kernel
    Map<String, List<String>> readers = new HashMap<>();
    for (NodeProto n : g.getNodeList()) {
      n.getInputList()
          .forEach(in -> readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n.getOpType()));
    }
    Set<String> keptFloat = new HashSet<>();
    readers.forEach(
        (t, ops) -> {
          if (!t.equals(output) && ops.stream().allMatch("Relu"::equals)) {
            keptFloat.add(t);
          }
        });

    Set<String> convReads = new HashSet<>();
    for (NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("Conv")) {
        convReads.add(n.getInput(0));
      }
    }

    GraphProto.Builder out = g.toBuilder().clearNode().clearInitializer();
    Map<String, TensorProto> newInits = new LinkedHashMap<>();
    Set<String> consumedInits = new HashSet<>();
    Map<String, ActivationRange> quantised = new HashMap<>();
    int[] counter = {0};

    String input = g.getInput(0).getName();
    quantiseAfter(out, newInits, input, input, range(ranges, input), quantised);
    for (NodeProto n : g.getNodeList()) {
      if (folded.contains(n)) {
        continue;
      }
      NodeProto.Builder nb = n.toBuilder().clearInput().clearOutput();
      float inputScale = Float.NaN;
      for (int i = 0; i < n.getInputCount(); i++) {
        String in = n.getInput(i);
        if (in.isEmpty() || inits.containsKey(in)) {
          if (n.getOpType().equals("Conv") && (i == 1 || i == 2)) {
            nb.addInput(in); // replaced below, once the input scale is known
          } else {
            if (!in.isEmpty()) {
              consumedInits.add(in);
            }
            nb.addInput(in);
          }
          continue;
        }
        if (keptFloat.contains(in)
            || (floatTensors.contains(in) && !n.getOpType().equals("Conv"))) {
          nb.addInput(in);
          continue;
        }
        String src = aliasOf.getOrDefault(in, in);
        float k = aliasFactor.getOrDefault(in, 1f);
        ActivationRange r = quantised.get(src);
        if (r == null) {
          throw new IllegalStateException(
              "activation '" + src + "' is read before it is quantised");
        }
        String dq = src + "_dq" + (counter[0]++);
        float s = r.scale() * k;
        out.addNode(
            NodeProto.newBuilder()
                .setOpType("DequantizeLinear")
                .setName(dq)
                .addInput(src + "_q")
                .addInput(scalarInit(newInits, dq + "_s", s))
                .addInput(src + "_zp")
                .addOutput(dq));
        nb.addInput(dq);
        if (i == 0) {
          inputScale = s;
        }
      }
      if (n.getOpType().equals("Conv")) {
        quantiseConvWeights(out, newInits, inits, n, nb, inputScale, rounding);
      }
      String y = n.getOutput(0);
      String produced = y.equals(output) ? y + "_f" : y;
      nb.addOutput(produced);
      for (int i = 1; i < n.getOutputCount(); i++) {
        nb.addOutput(n.getOutput(i));
      }
      out.addNode(nb);
      if (floatTensors.contains(y) && !y.equals(output) && !convReads.contains(y)) {
        continue; // read in float only
      }
      if (!keptFloat.contains(y)) {
        quantiseAfter(out, newInits, produced, y, range(ranges, y), quantised);
      }
    }
    ActivationRange r = quantised.get(output);
    out.addNode(
        NodeProto.newBuilder()
            .setOpType("DequantizeLinear")
            .setName(output + "_dq")
            .addInput(output + "_q")
            .addInput(scalarInit(newInits, output + "_dq_s", r.scale()))
            .addInput(output + "_zp")
            .addOutput(output));
    for (TensorProto t : g.getInitializerList()) {
      if (consumedInits.contains(t.getName())) {
        out.addInitializer(t);
      }
    }
    newInits.values().forEach(out::addInitializer);
    return prepared.toBuilder().setGraph(out).build();
  }

  /**
   * The tensors kept in float: the outputs of the Adds that sum running values (residuals, a folded
   * concatenation's partial sums) and of the positive scalar Muls reading one. Two kinds of Add
   * stay integer: the blocked PReLU's {@code x + relu(k x)} (one input is a Relu's; its sum is a
   * layer's output, rounded once) and one that makes the graph's output (rounded to 8 bits anyway).
   */
  static Set<String> floatSums(GraphProto g, Map<String, TensorProto> inits) {
    String output = g.getOutput(0).getName();
    Set<String> reluOutputs = new HashSet<>();
    Set<String> sums = new HashSet<>();
    for (NodeProto n : g.getNodeList()) {
      String op = n.getOpType();
      if (op.equals("Relu")) {
        reluOutputs.add(n.getOutput(0));
      }
      Float k =
          op.equals("Mul") && n.getInputCount() == 2 ? scalar(inits.get(n.getInput(1))) : null;
      boolean runningSum =
          op.equals("Add")
              && !n.getOutput(0).equals(output)
              && n.getInputList().stream().noneMatch(reluOutputs::contains);
      if (runningSum || k != null && k > 0 && sums.contains(n.getInput(0))) {
        sums.add(n.getOutput(0));
      }
    }
    return sums;
  }

  /** {@code name_q = QuantizeLinear(tensor)}, with the scale and zero point of {@code name}. */
  private static void quantiseAfter(
      GraphProto.Builder out,
      Map<String, TensorProto> inits,
      String tensor,
      String name,
      ActivationRange r,
      Map<String, ActivationRange> quantised) {
    String zp = name + "_zp";
    inits.put(
        zp,
        TensorProto.newBuilder()
            .setName(zp)
            .setDataType(TensorProto.DataType.UINT8.getNumber())
            .setRawData(ByteString.copyFrom(new byte[] {(byte) r.zeroPoint()}))
            .build());
    out.addNode(
        NodeProto.newBuilder()
            .setOpType("QuantizeLinear")
            .setName(name + "_quant")
            .addInput(tensor)
            .addInput(scalarInit(inits, name + "_qs", r.scale()))
            .addInput(zp)
            .addOutput(name + "_q"));
    quantised.put(name, r);
  }

  /**
   * Replaces the Conv's weight by int8 (symmetric per output channel) and its bias by int32 at
   * scale {@code inputScale * weightScale[c]}, each behind a DequantizeLinear along axis 0.
   */
  private static void quantiseConvWeights(
      GraphProto.Builder out,
      Map<String, TensorProto> newInits,
      Map<String, TensorProto> inits,
      NodeProto n,
      NodeProto.Builder nb,
      float inputScale,
      Rounding rounding) {
    TensorProto wt = inits.get(n.getInput(1));
    if (wt == null || Float.isNaN(inputScale)) {
      throw new IllegalStateException(
          "Conv " + n.getName() + ": weight must be an initializer and its input an activation");
    }
    float[] w = floats(wt);
    int cout = (int) wt.getDims(0);
    int per = w.length / cout;
    float[] ws = new float[cout];
    for (int o = 0; o < cout; o++) {
      float amax = 0f;
      for (int i = o * per; i < (o + 1) * per; i++) {
        amax = Math.max(amax, Math.abs(w[i]));
      }
      // symmetric over [-127, 127]: -128 unused, so negating a channel stays exact
      ws[o] = amax > 0 ? amax / 127f : 1f;
    }
    boolean hasBias = n.getInputCount() > 2 && !n.getInput(2).isEmpty();
    float[] b = hasBias ? floats(inits.get(n.getInput(2))) : null;
    byte[] q;
    ConvHessians.Moments m = rounding.moments.get(n.getInput(1));
    if (m != null && m.dim() == per) {
      GptqRounding.Result r = GptqRounding.round(w, cout, ws, b, rounding.factor(m, hasBias));
      q = r.q();
      b = r.bias();
    } else {
      q = GptqRounding.nearest(w, cout, ws);
    }
    String wName = n.getInput(1);
    newInits.put(
        wName + "_i8",
        TensorProto.newBuilder()
            .setName(wName + "_i8")
            .setDataType(TensorProto.DataType.INT8.getNumber())
            .addAllDims(wt.getDimsList())
            .setRawData(ByteString.copyFrom(q))
            .build());
    newInits.put(wName + "_s", floatTensor(wName + "_s", new long[] {cout}, ws));
    newInits.put(
        wName + "_zp",
        TensorProto.newBuilder()
            .setName(wName + "_zp")
            .setDataType(TensorProto.DataType.INT8.getNumber())
            .addDims(cout)
            .setRawData(ByteString.copyFrom(new byte[cout]))
            .build());
    String wdq = wName + "_dq";
    out.addNode(
        NodeProto.newBuilder()
            .setOpType("DequantizeLinear")
            .setName(wdq)
            .addInput(wName + "_i8")
            .addInput(wName + "_s")
            .addInput(wName + "_zp")
            .addOutput(wdq)
            .addAttribute(intAttr("axis", 0)));
    nb.setInput(1, wdq);
    if (hasBias) {
      String bName = n.getInput(2);
      float[] bs = new float[cout];
      ByteBuffer bq = ByteBuffer.allocate(4 * cout).order(ByteOrder.LITTLE_ENDIAN);
      for (int o = 0; o < cout; o++) {
        bs[o] = inputScale * ws[o];
        bq.putInt(
            (int)
                Math.max(
                    Integer.MIN_VALUE + 1L,
                    Math.min(Integer.MAX_VALUE, Math.round((double) b[o] / bs[o]))));
      }
      // a bias may be shared by the partial convolutions of a folded Concat: one copy per Conv
      String key = bName + "_" + n.getName();
      newInits.put(
          key + "_i32",
          TensorProto.newBuilder()
              .setName(key + "_i32")
              .setDataType(TensorProto.DataType.INT32.getNumber())
              .addDims(cout)
              .setRawData(ByteString.copyFrom(bq.array()))
              .build());
      newInits.put(key + "_s", floatTensor(key + "_s", new long[] {cout}, bs));
      newInits.put(
          key + "_zp",
          TensorProto.newBuilder()
              .setName(key + "_zp")
              .setDataType(TensorProto.DataType.INT32.getNumber())
              .addDims(cout)
              .setRawData(ByteString.copyFrom(new byte[4 * cout]))
              .build());
      String bdq = key + "_dq";
      out.addNode(
          NodeProto.newBuilder()
              .setOpType("DequantizeLinear")
              .setName(bdq)
              .addInput(key + "_i32")
              .addInput(key + "_s")
              .addInput(key + "_zp")
              .addOutput(bdq)
              .addAttribute(intAttr("axis", 0)));
      nb.setInput(2, bdq);
    }
  }

  /** The moments, and the GPTQ factors computed from them so far (shared by Convs). */
  private static final class Rounding {
    final Map<String, ConvHessians.Moments> moments;
    final double damp;
    final Map<ConvHessians.Moments, GptqRounding.Factor> withBias = new IdentityHashMap<>();
    final Map<ConvHessians.Moments, GptqRounding.Factor> withoutBias = new IdentityHashMap<>();

    Rounding(Map<String, ConvHessians.Moments> moments, double damp) {
      this.moments = moments;
      this.damp = damp;
    }

    GptqRounding.Factor factor(ConvHessians.Moments m, boolean bias) {
      return (bias ? withBias : withoutBias)
          .computeIfAbsent(m, k -> GptqRounding.factor(k, bias, damp));
    }
  }

  private static ActivationRange range(Map<String, ActivationRange> ranges, String tensor) {
    ActivationRange r = ranges.get(tensor);
    if (r == null) {
      throw new IllegalArgumentException("no calibrated range for activation '" + tensor + "'");
    }
    return r;
  }

  static Map<String, TensorProto> initializers(GraphProto g) {
    Map<String, TensorProto> m = new HashMap<>();
    g.getInitializerList().forEach(t -> m.put(t.getName(), t));
    return m;
  }

  /** The value of a one-element float initializer, else null. */
  private static Float scalar(TensorProto t) {
    if (t == null || t.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
      return null;
    }
    float[] v = floats(t);
    return v.length == 1 ? v[0] : null;
  }

  static float[] floats(TensorProto t) {
    if (t.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
      throw new IllegalArgumentException(t.getName() + " is not float32");
    }
    if (t.getFloatDataCount() > 0) {
      float[] f = new float[t.getFloatDataCount()];
      for (int i = 0; i < f.length; i++) {
        f[i] = t.getFloatData(i);
      }
      return f;
    }
    float[] f = new float[t.getRawData().size() / 4];
    t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return f;
  }

  private static TensorProto floatTensor(String name, long[] dims, float[] v) {
    ByteBuffer buf = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(v);
    TensorProto.Builder t =
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
    for (long d : dims) {
      t.addDims(d);
    }
    return t.setRawData(ByteString.copyFrom(buf.array())).build();
  }

  private static String scalarInit(Map<String, TensorProto> inits, String name, float v) {
    inits.put(name, floatTensor(name, new long[0], new float[] {v}));
    return name;
  }

  private static AttributeProto intAttr(String name, long v) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(v)
        .build();
  }

  private static AttributeProto ints(String name, long... v) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }
}
