package io.hybridsr.inference.quant;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.hybridsr.core.image.ImageMetrics;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.ncnn.NcnnToOnnxConverter;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measuring tool, not a check: mean PSNR of int8 variants against fp32 (8-bit outputs) on the
 * hold-out crops, as {@code PrecisionQuality} reports it, and on the calibration crops. Run with
 * {@code mvn -o -pl inference surefire:test -Dtest=Int8QualityProbe -Dprobe.models=x4fast}
 * (comma-separated; {@code -Dprobe.variants=rtn,gptq,wonly-rtn,wonly-gptq,aonly}; suffixes: {@code
 * -cle0.75} equalisation, {@code -qadds} integer Adds, {@code -calall} hold-out crops calibrated on
 * too).
 */
class Int8QualityProbe {
  private static final int THREADS = 2;

  @Test
  @EnabledIfSystemProperty(named = "probe.models", matches = ".+")
  void report() throws Exception {
    String variants = System.getProperty("probe.variants", "rtn,gptq");
    double damp = Double.parseDouble(System.getProperty("probe.damp", "0.01"));
    double floor = Double.parseDouble(System.getProperty("probe.floor", "0.05"));
    for (String name : System.getProperty("probe.models").split(",")) {
      RealEsrganModel model =
          name.equals("x4plus") ? RealEsrganModel.X4PLUS : RealEsrganModel.X4FAST;
      ModelStore.Weights w = ModelStore.locate(null).ensure(model);
      ModelProto fp32 = NcnnToOnnxConverter.convert(w.param(), w.bin()).model();
      List<ImageTensor> hold =
          PhotoCrops.load(PhotoCrops.HOLD_OUT).stream().map(PhotoCrops.Crop::low).toList();
      List<ImageTensor> cal = PhotoCrops.calibrationInputs();
      List<ImageTensor> refHold = run(fp32, hold);
      List<ImageTensor> refCal = run(fp32, cal);
      for (String v : variants.split(",")) {
        long t0 = System.nanoTime();
        boolean gptq = v.contains("gptq");
        // "-cle0.5": cross-layer equalisation at that exponent
        double alpha =
            v.contains("-cle")
                ? Double.parseDouble(v.substring(v.indexOf("-cle") + 4).split("-")[0])
                : 0;
        // "-calall": calibrated on the hold-out crops too (how much the ranges' coverage costs)
        List<ImageTensor> calibrateOn = cal;
        if (v.contains("-calall")) {
          calibrateOn = new ArrayList<>(cal);
          calibrateOn.addAll(hold);
        }
        // "-calmid": plus 128 px crops at the middle of each photo's four edges (all five photos)
        if (v.contains("-calmid")) {
          calibrateOn = new ArrayList<>(cal);
          calibrateOn.addAll(edgeMiddleCrops());
        }
        ModelProto q =
            Int8Conversion.convert(
                fp32, calibrateOn, THREADS, gptq, damp, alpha, floor, !v.contains("-qadds"));
        double secs = (System.nanoTime() - t0) / 1e9;
        if (v.startsWith("wonly")) {
          q = weightsOnly(q);
        } else if (v.startsWith("aonly")) {
          q = activationsOnly(q, Int8Conversion.prepare(fp32, cal, THREADS, alpha, floor));
          if (v.contains("-only")) {
            // keep only the activations made by this op ("Conv", "dw", "Add", "DepthToSpace")
            String keep = v.substring(v.indexOf("-only") + 5).split("-")[0];
            q = bypass(q, keep);
          }
        }
        boolean basic = v.startsWith("wonly") || v.startsWith("aonly");
        double h = meanPsnr(run(q, hold, basic), refHold);
        double c = meanPsnr(run(q, cal, basic), refCal);
        // a variant that breaks the network (tens of dB below the others) is a bug, not a figure
        org.junit.jupiter.api.Assertions.assertTrue(
            h > 25 && c > 25, name + " " + v + ": " + h + " / " + c + " dB against fp32");
        System.out.printf(
            Locale.ROOT,
            "PROBE %s %-12s damp %.4f: hold-out %.2f dB, calibration %.2f dB (convert %.1f s)%n",
            name,
            v,
            damp,
            h,
            c,
            secs);
      }
    }
  }

  /**
   * Which activations cost the most: the int8 graph with one activation's quantisation left out at
   * a time (its readers see it in float), the hold-out PSNR against fp32 of each, best first. Run
   * with {@code -Dprobe.sensitivity=x4fast}.
   */
  @Test
  @EnabledIfSystemProperty(named = "probe.sensitivity", matches = ".+")
  void sensitivity() throws Exception {
    String name = System.getProperty("probe.sensitivity");
    RealEsrganModel model = name.equals("x4plus") ? RealEsrganModel.X4PLUS : RealEsrganModel.X4FAST;
    ModelStore.Weights w = ModelStore.locate(null).ensure(model);
    ModelProto fp32 = NcnnToOnnxConverter.convert(w.param(), w.bin()).model();
    List<ImageTensor> hold =
        PhotoCrops.load(PhotoCrops.HOLD_OUT).stream().map(PhotoCrops.Crop::low).toList();
    List<ImageTensor> refHold = run(fp32, hold);
    ModelProto q = Int8Conversion.convert(fp32, THREADS);
    double base = meanPsnr(run(q, hold, true), refHold);
    System.out.printf(Locale.ROOT, "SENS %s all int8: %.2f dB%n", name, base);
    List<String> tensors = new ArrayList<>();
    for (NodeProto n : q.getGraph().getNodeList()) {
      if (n.getOpType().equals("QuantizeLinear")) {
        tensors.add(n.getInput(0));
      }
    }
    Map<String, String> producerOp = new HashMap<>();
    for (NodeProto n : q.getGraph().getNodeList()) {
      n.getOutputList().forEach(o -> producerOp.put(o, n.getOpType()));
    }
    Map<String, Double> gain = new HashMap<>();
    for (String t : tensors) {
      gain.put(t, meanPsnr(run(bypassOnly(q, java.util.Set.of(t)), hold, true), refHold) - base);
    }
    tensors.stream()
        .sorted(java.util.Comparator.comparing(gain::get).reversed())
        .forEach(
            t ->
                System.out.printf(
                    Locale.ROOT,
                    "SENS %s %-28s %-6s %+.2f dB%n",
                    name,
                    t,
                    producerOp.getOrDefault(t, "input"),
                    gain.get(t)));
    double sum = gain.values().stream().mapToDouble(d -> Math.max(0, d)).sum();
    System.out.printf(
        Locale.ROOT, "SENS %s %d activations, gains summed %.2f dB%n", name, tensors.size(), sum);
  }

  /** Bypasses the quantisation (QuantizeLinear and its DequantizeLinears) of {@code tensors}. */
  static ModelProto bypassOnly(ModelProto q, java.util.Set<String> tensors) {
    GraphProto g = q.getGraph();
    Map<String, NodeProto> quantOf = new HashMap<>();
    for (NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("QuantizeLinear") && tensors.contains(n.getInput(0))) {
        quantOf.put(n.getOutput(0), n);
      }
    }
    Map<String, TensorProto> inits = QdqQuantizer.initializers(g);
    GraphProto.Builder out = g.toBuilder().clearNode();
    for (NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("QuantizeLinear") && quantOf.containsKey(n.getOutput(0))) {
        continue;
      }
      NodeProto qn = n.getOpType().equals("DequantizeLinear") ? quantOf.get(n.getInput(0)) : null;
      if (qn == null) {
        out.addNode(n);
        continue;
      }
      float ratio =
          QdqQuantizer.floats(inits.get(n.getInput(1)))[0]
              / QdqQuantizer.floats(inits.get(qn.getInput(1)))[0];
      String k = n.getOutput(0) + "_k";
      out.addInitializer(
          TensorProto.newBuilder()
              .setName(k)
              .setDataType(TensorProto.DataType.FLOAT.getNumber())
              .addFloatData(ratio));
      out.addNode(
          NodeProto.newBuilder()
              .setOpType("Mul")
              .setName(n.getName())
              .addInput(qn.getInput(0))
              .addInput(k)
              .addOutput(n.getOutput(0)));
    }
    return q.toBuilder().setGraph(out).build();
  }

  /** 128 px crops centred on each photo edge's middle, downscaled 4x as the crops are. */
  static List<ImageTensor> edgeMiddleCrops() throws Exception {
    List<ImageTensor> out = new ArrayList<>();
    java.io.File[] files = new java.io.File("../data/photos").listFiles();
    java.util.Arrays.sort(files);
    for (java.io.File f : files) {
      if (!f.getName().endsWith(".png") && !f.getName().endsWith(".jpg")) {
        continue;
      }
      java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(f);
      int w = img.getWidth();
      int h = img.getHeight();
      int[][] at = {
        {(w - 128) / 2, 0}, {(w - 128) / 2, h - 128}, {0, (h - 128) / 2}, {w - 128, (h - 128) / 2}
      };
      for (int[] xy : at) {
        ImageTensor o =
            io.hybridsr.core.image.ImageFiles.toPicture(img.getSubimage(xy[0], xy[1], 128, 128))
                .rgb();
        out.add(io.hybridsr.core.image.Resampler.scale(o, 0.25).clampInPlace(0f, 1f));
      }
    }
    return out;
  }

  private static double meanPsnr(List<ImageTensor> a, List<ImageTensor> b) {
    double s = 0;
    for (int i = 0; i < a.size(); i++) {
      s += Math.min(100, ImageMetrics.psnr(a.get(i), b.get(i)));
    }
    return s / a.size();
  }

  /** Outputs rounded to 8 bits, as the translator writes them. */
  static List<ImageTensor> run(ModelProto m, List<ImageTensor> inputs) throws Exception {
    return run(m, inputs, false);
  }

  /**
   * {@code basic}: basic graph optimisations only, for the simulated graphs (full optimisation of
   * x4plus with its weights behind DequantizeLinear takes minutes to build).
   */
  static List<ImageTensor> run(ModelProto m, List<ImageTensor> inputs, boolean basic)
      throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<ImageTensor> out = new ArrayList<>();
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(THREADS);
      if (basic) {
        o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      }
      try (OrtSession s = env.createSession(m.toByteArray(), o)) {
        for (ImageTensor x : inputs) {
          try (OnnxTensor t =
                  OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), x.nchwShape());
              OrtSession.Result r = s.run(Map.of(m.getGraph().getInput(0).getName(), t))) {
            OnnxTensor y = (OnnxTensor) r.get(0);
            long[] shape = y.getInfo().getShape();
            FloatBuffer fb = y.getFloatBuffer();
            float[] v = new float[fb.remaining()];
            fb.get(v);
            for (int i = 0; i < v.length; i++) {
              v[i] = Math.round(Math.max(0f, Math.min(1f, v[i])) * 255f) / 255f;
            }
            out.add(new ImageTensor((int) shape[1], (int) shape[2], (int) shape[3], v));
          }
        }
      }
    }
    return out;
  }

  /** The QDQ graph with every activation QuantizeLinear/DequantizeLinear pair bypassed. */
  static ModelProto weightsOnly(ModelProto q) {
    return bypass(q, "");
  }

  /** Bypasses the activation quantisations except those of tensors made by {@code keep}. */
  static ModelProto bypass(ModelProto q, String keep) {
    GraphProto g = q.getGraph();
    Map<String, String> producer = new HashMap<>();
    for (NodeProto n : g.getNodeList()) {
      String op = n.getOpType();
      if (op.equals("Conv")
          && n.getAttributeList().stream().anyMatch(a -> a.getName().equals("group"))) {
        op = "dw";
      }
      for (String o : n.getOutputList()) {
        producer.put(o, op);
      }
    }
    java.util.Set<String> others = new java.util.HashSet<>();
    for (NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("QuantizeLinear")
          && !producer.getOrDefault(n.getInput(0), "input").equals(keep)) {
        others.add(n.getInput(0));
      }
    }
    return bypassOnly(q, others);
  }

  /** The QDQ graph with each weight's DequantizeLinear replaced by the float weight. */
  static ModelProto activationsOnly(ModelProto q, ModelProto prepared) {
    Map<String, TensorProto> floatInits = QdqQuantizer.initializers(prepared.getGraph());
    GraphProto g = q.getGraph();
    GraphProto.Builder out = g.toBuilder().clearNode();
    for (NodeProto n : g.getNodeList()) {
      if (n.getOpType().equals("DequantizeLinear") && n.getInput(0).endsWith("_i8")) {
        String wName = n.getInput(0).substring(0, n.getInput(0).length() - 3);
        out.addInitializer(floatInits.get(wName));
        out.addNode(
            NodeProto.newBuilder()
                .setOpType("Identity")
                .setName(n.getName())
                .addInput(wName)
                .addOutput(n.getOutput(0)));
      } else {
        out.addNode(n);
      }
    }
    return q.toBuilder().setGraph(out).build();
  }
}
