package io.hybridsr.inference.ncnn;

import io.hybridsr.inference.onnx.OnnxGraphBuilder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes per-channel PReLU so that ONNX Runtime keeps its blocked (NCHWc) layout around it.
 *
 * <p>Why: ONNX Runtime runs 3x3 convolutions in a blocked layout and has no blocked PRelu, so a
 * PRelu after every convolution (Real-ESRGAN x4fast has 33) makes it convert the tensor back to
 * NCHW and again each time. On x4fast at 256 px that conversion and PRelu took a third of the time.
 * ONNX Runtime does keep BatchNormalization (as a depthwise convolution, with a following Relu
 * fused into it) and Add in the blocked layout, so PReLU with slope a is written as
 *
 * <pre>{@code z = x + Relu((a - 1) x)}</pre>
 *
 * which is exactly PReLU where {@code a <= 1}: for x >= 0 the Relu term is 0, for x < 0 it is (a -
 * 1) x. Where {@code a > 1} the same formula gives {@code -PReLU(-x)}, so that channel is negated
 * on both sides: the producing convolution's output channel (weights and bias) and the consuming
 * convolutions' input channel. Negating a float is exact, so the network computes the same function
 * up to one extra rounding per PReLU.
 *
 * <p>A PReLU is rewritten only where that is safe: slopes per channel; and where a slope is above
 * 1, a producer that is a convolution with no fused activation read only by this PReLU, and
 * consumers that are all convolutions. Anything else stays an ONNX PRelu.
 */
final class BlockedPrelu {
  /** No PReLU rewritten, nothing negated. */
  static final BlockedPrelu NONE = new BlockedPrelu(Set.of(), Map.of(), Map.of());

  private final Set<String> rewritten;
  private final Map<String, boolean[]> negatedOutputs;
  private final Map<String, boolean[]> negatedInputs;

  private BlockedPrelu(
      Set<String> rewritten,
      Map<String, boolean[]> negatedOutputs,
      Map<String, boolean[]> negatedInputs) {
    this.rewritten = rewritten;
    this.negatedOutputs = negatedOutputs;
    this.negatedInputs = negatedInputs;
  }

  /** The plan for {@code g}, given each PReLU layer's slopes by layer name. */
  static BlockedPrelu plan(NcnnGraph g, Map<String, float[]> slopes) {
    Map<String, NcnnLayer> producer = new HashMap<>();
    Map<String, List<NcnnLayer>> readers = new HashMap<>();
    for (NcnnLayer l : g.layers()) {
      l.outputs().forEach(blob -> producer.put(blob, l));
      l.inputs().forEach(blob -> readers.computeIfAbsent(blob, k -> new ArrayList<>()).add(l));
    }
    Set<String> rewritten = new HashSet<>();
    Map<String, boolean[]> outs = new HashMap<>();
    Map<String, boolean[]> ins = new HashMap<>();
    for (NcnnLayer p : g.layers()) {
      float[] a = slopes.get(p.name());
      if (!p.type().equals("PReLU") || a == null || a.length < 2) {
        continue;
      }
      boolean[] flip = new boolean[a.length];
      boolean anyFlip = false;
      for (int c = 0; c < a.length; c++) {
        flip[c] = a[c] > 1f;
        anyFlip |= flip[c];
      }
      if (anyFlip) {
        NcnnLayer conv = producer.get(p.inputs().get(0));
        List<NcnnLayer> consumers = readers.getOrDefault(p.outputs().get(0), List.of());
        boolean plainConv =
            conv != null
                && conv.type().equals("Convolution")
                && conv.intParam(9, 0) == 0
                && conv.intParam(0, 0) == a.length
                && readers.get(p.inputs().get(0)).size() == 1
                && !outs.containsKey(conv.name());
        boolean convConsumers =
            !consumers.isEmpty()
                && consumers.stream()
                    .allMatch(l -> l.type().equals("Convolution") && !ins.containsKey(l.name()));
        if (!plainConv || !convConsumers) {
          continue;
        }
        outs.put(conv.name(), flip);
        consumers.forEach(l -> ins.put(l.name(), flip));
      }
      rewritten.add(p.name());
    }
    return new BlockedPrelu(Set.copyOf(rewritten), Map.copyOf(outs), Map.copyOf(ins));
  }

  boolean rewrites(String preluLayer) {
    return rewritten.contains(preluLayer);
  }

  /** Channels whose sign this plan flips: the count over all convolutions' outputs. */
  int negatedChannels() {
    int n = 0;
    for (boolean[] f : negatedOutputs.values()) {
      for (boolean b : f) {
        n += b ? 1 : 0;
      }
    }
    return n;
  }

  /**
   * Negates, in place, the output channels (weights and bias) and input channels this plan flips
   * for convolution {@code conv}; weights are laid out [cout][cin][k].
   */
  void applyTo(String conv, float[] w, float[] bias, int cout, int cin, int k) {
    boolean[] out = negatedOutputs.get(conv);
    if (out != null) {
      for (int o = 0; o < cout; o++) {
        if (out[o]) {
          for (int i = o * cin * k; i < (o + 1) * cin * k; i++) {
            w[i] = -w[i];
          }
          if (bias != null) {
            bias[o] = -bias[o];
          }
        }
      }
    }
    boolean[] in = negatedInputs.get(conv);
    if (in != null) {
      if (in.length != cin) {
        throw new IllegalStateException(
            conv + ": " + cin + " input channels, PReLU plan has " + in.length);
      }
      for (int o = 0; o < cout; o++) {
        for (int c = 0; c < cin; c++) {
          if (in[c]) {
            for (int i = (o * cin + c) * k; i < (o * cin + c + 1) * k; i++) {
              w[i] = -w[i];
            }
          }
        }
      }
    }
  }

  /**
   * Emits {@code out = x + Relu((a - 1) x)}: a BatchNormalization (mean 0, variance 1, epsilon 0),
   * a Relu, an Add.
   */
  static void emit(OnnxGraphBuilder b, String name, String x, float[] slope, String out) {
    int n = slope.length;
    float[] k = new float[n];
    for (int c = 0; c < n; c++) {
      k[c] = slope[c] - 1f;
    }
    float[] zeros = new float[n];
    float[] ones = new float[n];
    Arrays.fill(ones, 1f);
    long[] dims = {n};
    String zero = b.initializer("pz_" + name, dims, zeros);
    String scaled =
        b.node(
            "BatchNormalization",
            new String[] {
              x,
              b.initializer("pk_" + name, dims, k),
              zero,
              zero,
              b.initializer("pone_" + name, dims, ones)
            },
            new String[] {name + "_scaled"},
            b.attrFloat("epsilon", 0f));
    String negPart = b.node("Relu", new String[] {scaled}, new String[] {name + "_negpart"});
    b.node("Add", new String[] {x, negPart}, new String[] {out});
  }
}
