package io.hybridsr.inference.ncnn;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.hybridsr.inference.onnx.OnnxGraphBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts an ncnn graph and its weights into an ONNX model (opset 17).
 *
 * <p>Supports the layer types the Real-ESRGAN graphs use: Input, Split, Convolution (with fused
 * ReLU/LeakyReLU/Sigmoid), PReLU, Concat, Eltwise (product, weighted sum, max), BinaryOp
 * (add/sub/mul/div of two tensors), Interp (nearest or bilinear by a scale factor) and
 * PixelShuffle. Anything else is refused with the layer's name and line, rather than converted into
 * something subtly different. Tensor layout: ncnn works on CHW without batch, so every ncnn axis is
 * one more in ONNX's NCHW.
 *
 * <pre>{@code
 * NcnnToOnnxConverter.Result r = NcnnToOnnxConverter.convert(param, bin);
 * Files.write(out, r.model().toByteArray());
 * }</pre>
 */
public final class NcnnToOnnxConverter {
  public static final String INPUT = "input";
  public static final String OUTPUT = "output";
  public static final Set<String> SUPPORTED =
      Set.of(
          "Input",
          "Split",
          "Convolution",
          "PReLU",
          "Concat",
          "Eltwise",
          "BinaryOp",
          "Interp",
          "PixelShuffle");

  /** The ONNX model and its figures. */
  public record Result(ModelProto model, GraphStats stats) {}

  private NcnnToOnnxConverter() {}

  /**
   * Whether a Concat read only by one Convolution is folded into it: conv(concat(x0..xk)) is
   * written as the sum of convolutions of each part with its slice of the weights. Same arithmetic
   * (up to float rounding); ONNX Runtime then keeps its blocked (NCHWc) layout through
   * Real-ESRGAN's dense blocks instead of converting every concatenation back to NCHW and again,
   * which cost a quarter of x4plus's time at 512 px.
   */
  public static final boolean DEFAULT_FOLD_CONCAT = true;

  /**
   * Whether per-channel PReLU is written for ONNX Runtime's blocked layout (see {@link
   * BlockedPrelu}) instead of as ONNX's PRelu: x4fast 1.2x faster at 256 px, same values up to
   * float rounding.
   */
  public static final boolean DEFAULT_BLOCKED_PRELU = true;

  /** Converts {@code param} + {@code bin}; the whole .bin must be consumed. */
  public static Result convert(Path param, Path bin) throws NcnnFormatException {
    return convert(param, bin, DEFAULT_FOLD_CONCAT);
  }

  public static Result convert(Path param, Path bin, boolean foldConcat)
      throws NcnnFormatException {
    return convert(param, bin, foldConcat, DEFAULT_BLOCKED_PRELU);
  }

  public static Result convert(Path param, Path bin, boolean foldConcat, boolean blockedPrelu)
      throws NcnnFormatException {
    NcnnGraph graph = NcnnGraph.read(param);
    BlockedPrelu plan = BlockedPrelu.NONE;
    if (blockedPrelu && graph.layers().stream().anyMatch(l -> l.type().equals("PReLU"))) {
      // the slopes come after their convolution in the .bin: read them all first
      Map<String, float[]> slopes = new HashMap<>();
      walk(graph, NcnnWeights.open(bin), null, false, BlockedPrelu.NONE, slopes);
      plan = BlockedPrelu.plan(graph, slopes);
    }
    NcnnWeights weights = NcnnWeights.open(bin);
    OnnxGraphBuilder b = new OnnxGraphBuilder(param.getFileName().toString().replace(".param", ""));
    GraphStats stats = walk(graph, weights, b, foldConcat, plan, null);
    weights.requireFullyConsumed();
    return new Result(b.build(), stats);
  }

  /** FLOPs, scale and size from the graph alone (no weights needed). */
  public static GraphStats stats(NcnnGraph graph) throws NcnnFormatException {
    return walk(graph, null, null, false, BlockedPrelu.NONE, null);
  }

  public static GraphStats stats(Path param) throws NcnnFormatException {
    return stats(NcnnGraph.read(param));
  }

  /**
   * One pass over the layers; emits ONNX nodes when {@code b} is given, reads weights when {@code
   * w} is, and collects PReLU slopes by layer name into {@code slopeSink} when that is given.
   */
  private static GraphStats walk(
      NcnnGraph g,
      NcnnWeights w,
      OnnxGraphBuilder b,
      boolean foldConcat,
      BlockedPrelu prelu,
      Map<String, float[]> slopeSink)
      throws NcnnFormatException {
    Path file = g.file();
    // which layer types read each blob: decides which concatenations fold into their convolution
    Map<String, List<String>> readers = new HashMap<>();
    for (NcnnLayer l : g.layers()) {
      for (String blob : l.inputs()) {
        readers.computeIfAbsent(blob, k -> new ArrayList<>()).add(l.type());
      }
    }
    Map<String, List<String>> foldedParts = new HashMap<>();
    Map<String, List<Integer>> foldedChannels = new HashMap<>();
    // blobs produced and never consumed are the graph's outputs
    Set<String> consumed = new HashSet<>();
    Set<String> produced = new LinkedHashSet<>();
    for (NcnnLayer l : g.layers()) {
      if (!SUPPORTED.contains(l.type())) {
        throw new NcnnFormatException(
            file,
            "line "
                + l.line()
                + ": layer '"
                + l.name()
                + "' has type '"
                + l.type()
                + "', which the converter does not know (supported: "
                + new java.util.TreeSet<>(SUPPORTED)
                + ")");
      }
      consumed.addAll(l.inputs());
      produced.addAll(l.outputs());
    }
    List<String> finals = new ArrayList<>(produced);
    finals.removeAll(consumed);
    if (finals.size() != 1) {
      throw new NcnnFormatException(file, "expected exactly one output blob, found " + finals);
    }
    String finalBlob = finals.get(0);

    Map<String, String> onnxName = new HashMap<>();
    Map<String, Double> area = new HashMap<>(); // pixels relative to the input's
    Map<String, Integer> channels = new HashMap<>();
    double flops = 0;
    long params = 0;
    boolean sawInput = false;
    for (NcnnLayer l : g.layers()) {
      List<String> in = new ArrayList<>();
      for (String blob : l.inputs()) {
        if (!onnxName.containsKey(blob)) {
          throw new NcnnFormatException(
              file,
              "line "
                  + l.line()
                  + ": layer '"
                  + l.name()
                  + "' reads blob '"
                  + blob
                  + "' before any layer writes it");
        }
        in.add(onnxName.get(blob));
      }
      requireCounts(file, l);
      String outBlob = l.outputs().isEmpty() ? null : l.outputs().get(0);
      String out = outBlob == null ? null : (outBlob.equals(finalBlob) ? OUTPUT : "t_" + outBlob);
      double a = l.inputs().isEmpty() ? 1.0 : area.get(l.inputs().get(0));
      Integer c = l.inputs().isEmpty() ? null : channels.get(l.inputs().get(0));
      switch (l.type()) {
        case "Input" -> {
          if (sawInput) {
            throw new NcnnFormatException(
                file,
                "line "
                    + l.line()
                    + ": a second Input layer '"
                    + l.name()
                    + "'; only one input is supported");
          }
          sawInput = true;
          int ic = l.intParam(2, 3);
          onnxName.put(outBlob, INPUT);
          area.put(outBlob, 1.0);
          channels.put(outBlob, ic);
          if (b != null) {
            b.input(INPUT, TensorProto.DataType.FLOAT, "N", (long) ic, "H", "W");
          }
          continue;
        }
        case "Split" -> {
          for (String o : l.outputs()) {
            onnxName.put(o, in.get(0));
            area.put(o, a);
            channels.put(o, c);
          }
          continue;
        }
        case "Convolution" -> {
          int cout = l.intParam(0, 0);
          int kw = l.intParam(1, 0);
          int kh = l.intParam(11, kw);
          int dw = l.intParam(2, 1);
          int dh = l.intParam(12, dw);
          int sw = l.intParam(3, 1);
          int sh = l.intParam(13, sw);
          int pl = l.intParam(4, 0);
          int pt = l.intParam(14, pl);
          int pr = l.intParam(15, pl);
          int pb = l.intParam(16, pt);
          int bias = l.intParam(5, 0);
          int n = l.intParam(6, 0);
          int act = l.intParam(9, 0);
          if (cout <= 0 || kw <= 0 || kh <= 0 || n <= 0 || n % (cout * kw * kh) != 0) {
            throw new NcnnFormatException(
                file,
                "line "
                    + l.line()
                    + ": convolution '"
                    + l.name()
                    + "' has inconsistent sizes (num_output "
                    + cout
                    + ", kernel "
                    + kw
                    + "x"
                    + kh
                    + ", weight_data_size "
                    + n
                    + ")");
          }
          if (pl < 0 || pt < 0 || pr < 0 || pb < 0) {
            throw new NcnnFormatException(
                file,
                "line "
                    + l.line()
                    + ": convolution '"
                    + l.name()
                    + "' uses automatic (negative) padding, which is not supported");
          }
          if (l.intParam(8, 0) != 0) {
            throw new NcnnFormatException(
                file,
                "line "
                    + l.line()
                    + ": convolution '"
                    + l.name()
                    + "' is int8-quantised, which is not supported");
          }
          int cin = n / (cout * kw * kh);
          double outArea = a / (sw * sh);
          flops += 2.0 * n * outArea;
          params += n + (bias != 0 ? cout : 0);
          float[] wt = w == null ? null : w.tagged(n, l.name());
          float[] bs = w == null || bias == 0 ? null : w.raw(cout, l.name());
          if (wt != null) {
            prelu.applyTo(l.name(), wt, bs, cout, cin, kh * kw);
          }
          if (b != null) {
            String convOut = act == 0 ? out : b.fresh("conv");
            List<String> parts = foldedParts.get(l.inputs().get(0));
            List<Integer> partChannels = foldedChannels.get(l.inputs().get(0));
            if (parts == null) {
              parts = List.of(in.get(0));
              partChannels = List.of(cin);
            } else if (partChannels.stream().mapToInt(Integer::intValue).sum() != cin) {
              throw new NcnnFormatException(
                  file,
                  "line "
                      + l.line()
                      + ": convolution '"
                      + l.name()
                      + "' expects "
                      + cin
                      + " input channels, its concatenated input has "
                      + partChannels);
            }
            List<String> partial = new ArrayList<>();
            int offset = 0;
            for (int i = 0; i < parts.size(); i++) {
              int ci = partChannels.get(i);
              String wName =
                  b.initializer(
                      "w_" + l.name() + (parts.size() > 1 ? "_" + i : ""),
                      new long[] {cout, ci, kh, kw},
                      sliceInputChannels(wt, cout, cin, kh * kw, offset, ci));
              offset += ci;
              String[] convIn =
                  bs == null || i > 0
                      ? new String[] {parts.get(i), wName}
                      : new String[] {
                        parts.get(i), wName, b.initializer("b_" + l.name(), new long[] {cout}, bs)
                      };
              String target = parts.size() == 1 ? convOut : b.fresh("partial");
              partial.add(
                  b.node(
                      "Conv",
                      convIn,
                      new String[] {target},
                      b.attrInts("kernel_shape", kh, kw),
                      b.attrInts("pads", pt, pl, pb, pr),
                      b.attrInts("strides", sh, sw),
                      b.attrInts("dilations", dh, dw)));
            }
            if (partial.size() > 1) {
              chain(b, "Add", partial, convOut);
            }
            switch (act) {
              case 0 -> {}
              case 1 -> b.node("Relu", new String[] {convOut}, new String[] {out});
              case 2 -> {
                float[] ap = l.arrayParam(10);
                float slope = ap != null && ap.length > 0 ? ap[0] : 0f;
                b.node(
                    "LeakyRelu",
                    new String[] {convOut},
                    new String[] {out},
                    b.attrFloat("alpha", slope));
              }
              case 4 -> b.node("Sigmoid", new String[] {convOut}, new String[] {out});
              default ->
                  throw new NcnnFormatException(
                      file,
                      "line "
                          + l.line()
                          + ": convolution '"
                          + l.name()
                          + "' has fused activation type "
                          + act
                          + " (supported: 0 none, 1 ReLU, 2 LeakyReLU, 4 sigmoid)");
            }
          } else if (act != 0 && act != 1 && act != 2 && act != 4) {
            throw new NcnnFormatException(
                file,
                "line "
                    + l.line()
                    + ": convolution '"
                    + l.name()
                    + "' has fused activation type "
                    + act
                    + " (supported: 0 none, 1 ReLU, 2 LeakyReLU, 4 sigmoid)");
          }
          a = outArea;
          c = cout;
        }
        case "PReLU" -> {
          int ns = l.intParam(0, 1);
          params += ns;
          float[] slope = w == null ? null : w.raw(ns, l.name());
          if (slopeSink != null && slope != null) {
            slopeSink.put(l.name(), slope);
          }
          if (b != null) {
            if (prelu.rewrites(l.name())) {
              BlockedPrelu.emit(b, l.name(), in.get(0), slope, out);
            } else {
              long[] dims = ns == 1 ? new long[] {1} : new long[] {ns, 1, 1};
              b.node(
                  "PRelu",
                  new String[] {in.get(0), b.initializer("s_" + l.name(), dims, slope)},
                  new String[] {out});
            }
          }
        }
        case "Concat" -> {
          int axis = l.intParam(0, 0);
          int sum = 0;
          for (String blob : l.inputs()) {
            Integer ci = channels.get(blob);
            sum += ci == null ? 0 : ci;
          }
          c = axis == 0 ? sum : c;
          List<String> rs = readers.getOrDefault(outBlob, List.of());
          boolean known = l.inputs().stream().allMatch(blob -> channels.get(blob) != null);
          if (foldConcat
              && axis == 0
              && known
              && rs.size() == 1
              && rs.get(0).equals("Convolution")) {
            foldedParts.put(outBlob, List.copyOf(in));
            foldedChannels.put(outBlob, l.inputs().stream().map(channels::get).toList());
          } else if (b != null) {
            b.node(
                "Concat",
                in.toArray(String[]::new),
                new String[] {out},
                b.attrInt("axis", axis + 1));
          }
        }
        case "Eltwise" -> {
          int op = l.intParam(0, 1);
          float[] coeff = l.arrayParam(1);
          if (op < 0 || op > 2) {
            throw new NcnnFormatException(
                file,
                "line "
                    + l.line()
                    + ": eltwise '"
                    + l.name()
                    + "' has operation "
                    + op
                    + " (supported: 0 product, 1 sum, 2 max)");
          }
          if (coeff != null && coeff.length != in.size()) {
            throw new NcnnFormatException(
                file,
                "line "
                    + l.line()
                    + ": eltwise '"
                    + l.name()
                    + "' has "
                    + coeff.length
                    + " coefficients for "
                    + in.size()
                    + " inputs");
          }
          if (b != null) {
            List<String> terms = new ArrayList<>();
            for (int i = 0; i < in.size(); i++) {
              String t = in.get(i);
              if (op == 1 && coeff != null && coeff[i] != 1f) {
                t = b.op("Mul", new String[] {t, b.constScalar("k", coeff[i])});
              }
              terms.add(t);
            }
            String onnxOp = op == 0 ? "Mul" : op == 1 ? "Add" : "Max";
            chain(b, onnxOp, terms, out);
          }
        }
        case "BinaryOp" -> {
          int op = l.intParam(0, 0);
          if (l.intParam(1, 0) != 0 || in.size() != 2 || op < 0 || op > 3) {
            throw new NcnnFormatException(
                file,
                "line "
                    + l.line()
                    + ": binaryop '"
                    + l.name()
                    + "' is not a two-tensor add/sub/mul/div (op "
                    + op
                    + ", with_scalar "
                    + l.intParam(1, 0)
                    + ")");
          }
          if (b != null) {
            b.node(
                new String[] {"Add", "Sub", "Mul", "Div"}[op],
                in.toArray(String[]::new),
                new String[] {out});
          }
        }
        case "Interp" -> {
          int type = l.intParam(0, 0);
          double hs = l.doubleParam(1, 1.0);
          double ws = l.doubleParam(2, 1.0);
          if ((type != 1 && type != 2)
              || l.intParam(3, 0) != 0
              || l.intParam(4, 0) != 0
              || l.intParam(6, 0) != 0) {
            throw new NcnnFormatException(
                file,
                "line "
                    + l.line()
                    + ": interp '"
                    + l.name()
                    + "' is not a nearest or bilinear resize by a scale factor (type "
                    + type
                    + ")");
          }
          if (b != null) {
            String scales =
                b.initializer(
                    b.fresh("scales"),
                    new long[] {4},
                    new float[] {1f, 1f, (float) hs, (float) ws});
            if (type == 1) {
              b.node(
                  "Resize",
                  new String[] {in.get(0), "", scales},
                  new String[] {out},
                  b.attrString("mode", "nearest"),
                  b.attrString("coordinate_transformation_mode", "asymmetric"),
                  b.attrString("nearest_mode", "floor"));
            } else {
              b.node(
                  "Resize",
                  new String[] {in.get(0), "", scales},
                  new String[] {out},
                  b.attrString("mode", "linear"),
                  b.attrString("coordinate_transformation_mode", "half_pixel"));
            }
          }
          a = a * hs * ws;
        }
        case "PixelShuffle" -> {
          int r = l.intParam(0, 1);
          int mode = l.intParam(1, 0);
          if (b != null) {
            b.node(
                "DepthToSpace",
                new String[] {in.get(0)},
                new String[] {out},
                b.attrInt("blocksize", r),
                b.attrString("mode", mode == 0 ? "CRD" : "DCR"));
          }
          a = a * r * r;
          c = c == null ? null : c / (r * r);
        }
        default -> throw new IllegalStateException("unreachable: " + l.type());
      }
      onnxName.put(outBlob, out);
      area.put(outBlob, a);
      channels.put(outBlob, c);
    }
    if (!sawInput) {
      throw new NcnnFormatException(file, "the graph has no Input layer");
    }
    double outArea = area.get(finalBlob);
    int scale = (int) Math.round(Math.sqrt(outArea));
    if (b != null) {
      Integer oc = channels.get(finalBlob);
      b.output(
          OUTPUT,
          TensorProto.DataType.FLOAT,
          "N",
          oc == null ? (Object) "C" : (Object) (long) oc,
          "H_out",
          "W_out");
    }
    return new GraphStats(flops, scale, params, g.layers().size());
  }

  /** Weights [cout][cin][k] restricted to input channels [from, from+count). */
  static float[] sliceInputChannels(float[] w, int cout, int cin, int k, int from, int count) {
    if (from == 0 && count == cin) {
      return w;
    }
    float[] out = new float[cout * count * k];
    for (int o = 0; o < cout; o++) {
      System.arraycopy(w, (o * cin + from) * k, out, o * count * k, count * k);
    }
    return out;
  }

  private static void chain(OnnxGraphBuilder b, String op, List<String> terms, String out) {
    if (terms.size() == 1) {
      b.node("Identity", new String[] {terms.get(0)}, new String[] {out});
      return;
    }
    String acc = terms.get(0);
    for (int i = 1; i < terms.size(); i++) {
      String target = i == terms.size() - 1 ? out : b.fresh(op.toLowerCase());
      acc = b.node(op, new String[] {acc, terms.get(i)}, new String[] {target});
    }
  }

  private static void requireCounts(Path file, NcnnLayer l) throws NcnnFormatException {
    int minIn =
        switch (l.type()) {
          case "Input" -> 0;
          case "Eltwise", "BinaryOp" -> 2;
          default -> 1;
        };
    if (l.inputs().size() < minIn
        || (!l.type().equals("Split") && l.outputs().size() != 1)
        || (l.type().equals("Split") && l.outputs().isEmpty())) {
      throw new NcnnFormatException(
          file,
          "line "
              + l.line()
              + ": layer '"
              + l.name()
              + "' of type "
              + l.type()
              + " has "
              + l.inputs().size()
              + " inputs and "
              + l.outputs().size()
              + " outputs");
    }
    if (!l.type().equals("Input")
        && !l.type().equals("Concat")
        && !l.type().equals("Eltwise")
        && !l.type().equals("BinaryOp")
        && l.inputs().size() != 1) {
      throw new NcnnFormatException(
          file,
          "line "
              + l.line()
              + ": layer '"
              + l.name()
              + "' of type "
              + l.type()
              + " takes one input, has "
              + l.inputs().size());
    }
  }
}
