package io.hybridsr.inference.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.onnx.OnnxGraphBuilder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The QDQ rewrite on a small graph with every pattern the Real-ESRGAN graphs have (Conv with
 * LeakyReLU, a residual scaled by a constant, the blocked PReLU's BatchNormalization + Relu + Add),
 * run on ONNX Runtime: same function within the quantisation step, and integer kernels only.
 */
class QdqQuantizerTest {
  private static final int C = 8;

  /** x -> conv -> lrelu -> conv -> (BN -> relu) + itself -> *0.2 + x-branch conv -> output. */
  static ModelProto toyGraph(long seed) {
    Random rnd = new Random(seed);
    OnnxGraphBuilder b = new OnnxGraphBuilder("toy");
    b.input("input", TensorProto.DataType.FLOAT, 1L, 3L, "H", "W");
    String c1 = conv(b, rnd, "input", 3, C);
    String a1 = b.op("LeakyRelu", new String[] {c1}, b.attrFloat("alpha", 0.2f));
    String c2 = conv(b, rnd, a1, C, C);
    float[] k = new float[C];
    for (int i = 0; i < C; i++) {
      k[i] = -0.5f - 0.1f * i; // a PReLU slope minus one, as BlockedPrelu writes it
    }
    String zero = b.initializer("zero", new long[] {C}, new float[C]);
    float[] ones = new float[C];
    Arrays.fill(ones, 1f);
    String scaled =
        b.op(
            "BatchNormalization",
            new String[] {
              c2,
              b.initializer("k", new long[] {C}, k),
              zero,
              zero,
              b.initializer("one", new long[] {C}, ones)
            },
            b.attrFloat("epsilon", 0f));
    String neg = b.op("Relu", new String[] {scaled});
    String prelu = b.op("Add", new String[] {c2, neg});
    String res = b.op("Mul", new String[] {prelu, b.constScalar("k", 0.2f)});
    String sum = b.op("Add", new String[] {res, a1});
    String c3 = conv(b, rnd, sum, C, 3);
    b.node("Identity", new String[] {c3}, new String[] {"output"});
    b.output("output", TensorProto.DataType.FLOAT, 1L, 3L, "H", "W");
    return b.build();
  }

  private static String conv(OnnxGraphBuilder b, Random rnd, String x, int cin, int cout) {
    float[] w = new float[cout * cin * 9];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rnd.nextGaussian() * Math.sqrt(2.0 / (cin * 9)));
    }
    float[] bias = new float[cout];
    for (int i = 0; i < cout; i++) {
      bias[i] = (float) (0.1 * rnd.nextGaussian());
    }
    return b.op(
        "Conv",
        new String[] {
          x,
          b.initializer(b.fresh("w"), new long[] {cout, cin, 3, 3}, w),
          b.initializer(b.fresh("b"), new long[] {cout}, bias)
        },
        b.attrInts("pads", 1, 1, 1, 1));
  }

  static List<ImageTensor> inputs(int n, int side, long seed) {
    Random rnd = new Random(seed);
    List<ImageTensor> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] d = new float[3 * side * side];
      for (int j = 0; j < d.length; j++) {
        d[j] = rnd.nextFloat();
      }
      out.add(new ImageTensor(3, side, side, d));
    }
    return out;
  }

  static float[] run(ModelProto m, ImageTensor x, Path profileDir) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(1);
      if (profileDir != null) {
        o.enableProfiling(profileDir.resolve("p").toString());
      }
      try (OrtSession s = env.createSession(m.toByteArray(), o);
          OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), x.nchwShape());
          OrtSession.Result r = s.run(Map.of("input", t))) {
        FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
        float[] y = new float[fb.remaining()];
        fb.get(y);
        if (profileDir != null) {
          s.endProfiling();
        }
        return y;
      }
    }
  }

  @Test
  void shouldTurnBatchNormalizationIntoTheSameDepthwiseConv() throws Exception {
    ModelProto f = toyGraph(1);
    ModelProto p = QdqQuantizer.prepare(f);
    assertEquals(
        0,
        p.getGraph().getNodeList().stream()
            .filter(n -> n.getOpType().equals("BatchNormalization"))
            .count());
    ImageTensor x = inputs(1, 12, 2).get(0);
    float[] a = run(f, x, null);
    float[] b = run(p, x, null);
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-5, "element " + i);
    }
  }

  @Test
  void shouldComputeTheSameFunctionWithinAFewQuantisationSteps() throws Exception {
    ModelProto p = QdqQuantizer.prepare(toyGraph(3));
    Map<String, ActivationRange> ranges = RangeCalibrator.calibrate(p, inputs(4, 16, 4), 1);
    ModelProto q = QdqQuantizer.quantize(p, ranges);
    ImageTensor x = inputs(1, 16, 5).get(0); // not a calibration input
    float[] want = run(p, x, null);
    float[] got = run(q, x, null);
    ActivationRange out = ranges.get("output");
    double se = 0;
    double sig = 0;
    for (int i = 0; i < want.length; i++) {
      se += (got[i] - want[i]) * (double) (got[i] - want[i]);
      sig += want[i] * (double) want[i];
    }
    double rms = Math.sqrt(se / want.length);
    // five roundings in a row on this path; a broken scale or bias gives errors of the output's
    // size
    assertTrue(rms < 3 * out.scale(), "rms error " + rms + " vs output step " + out.scale());
    assertTrue(10 * Math.log10(sig / se) > 25, "SQNR " + 10 * Math.log10(sig / se) + " dB");
  }

  @Test
  void shouldRunOnlyIntegerKernelsInOnnxRuntime(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    ModelProto p = QdqQuantizer.prepare(toyGraph(6));
    ModelProto q = QdqQuantizer.quantize(p, RangeCalibrator.calibrate(p, inputs(2, 16, 7), 1));
    assertEquals(
        0,
        q.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Mul")).count(),
        "the constant scaling is folded into a dequantisation scale");
    run(q, inputs(1, 16, 8).get(0), tmp);
    Path json;
    try (var files = java.nio.file.Files.list(tmp)) {
      json = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
    }
    OrtProfile prof = OrtProfile.read(json);
    assertEquals(4, prof.calls("QLinearConv"), prof.table()); // 3 convolutions + the depthwise one
    assertEquals(0, prof.calls("Conv"), prof.table());
    assertEquals(
        0,
        prof.calls("BatchNormalization")
            + prof.calls("Relu")
            + prof.calls("Mul")
            + prof.calls("LeakyRelu"),
        prof.table());
    assertTrue(prof.calls("QLinearLeakyRelu") == 1 && prof.calls("QLinearAdd") == 2, prof.table());
  }

  /**
   * x -> conv = a; s1 = (a + conv(a)) + conv(a); s2 = s1 + conv(s1); conv(s2) -> output: partial
   * sums, then a running sum.
   */
  static ModelProto runningSumGraph(long seed) {
    Random rnd = new Random(seed);
    OnnxGraphBuilder b = new OnnxGraphBuilder("sums");
    b.input("input", TensorProto.DataType.FLOAT, 1L, 3L, "H", "W");
    String a = conv(b, rnd, "input", 3, C);
    String partial = b.op("Add", new String[] {a, conv(b, rnd, a, C, C)});
    String s1 = b.op("Add", new String[] {partial, conv(b, rnd, a, C, C)});
    String s2 = b.op("Add", new String[] {s1, conv(b, rnd, s1, C, C)});
    b.node("Identity", new String[] {conv(b, rnd, s2, C, 3)}, new String[] {"output"});
    b.output("output", TensorProto.DataType.FLOAT, 1L, 3L, "H", "W");
    return b.build();
  }

  @Test
  void shouldKeepARunningSumInFloatAndTheConvolutionsInteger(
      @org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    ModelProto p = QdqQuantizer.prepare(runningSumGraph(9));
    Map<String, ActivationRange> ranges = RangeCalibrator.calibrate(p, inputs(4, 16, 10), 1);
    ImageTensor x = inputs(1, 16, 11).get(0);
    float[] want = run(p, x, null);
    for (boolean floatAdds : new boolean[] {false, true}) {
      Path dir = java.nio.file.Files.createDirectory(tmp.resolve("float-" + floatAdds));
      float[] got = run(QdqQuantizer.quantize(p, ranges, Map.of(), 0, floatAdds), x, dir);
      double se = 0;
      for (int i = 0; i < want.length; i++) {
        se += (got[i] - want[i]) * (double) (got[i] - want[i]);
      }
      double rms = Math.sqrt(se / want.length);
      assertTrue(rms < 3 * ranges.get("output").scale(), floatAdds + ": rms error " + rms);
      Path json;
      try (var files = java.nio.file.Files.list(dir)) {
        json = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
      }
      OrtProfile prof = OrtProfile.read(json);
      assertEquals(5, prof.calls("QLinearConv"), prof.table());
      assertEquals(0, prof.calls("Conv"), prof.table());
      // in float, the partial sum and s1 reach the next Adds unrounded (s1 is quantised for its
      // Conv only); otherwise all three are integer QLinearAdds
      assertEquals(floatAdds ? 3 : 0, prof.calls("Add"), prof.table());
      assertEquals(floatAdds ? 0 : 3, prof.calls("QLinearAdd"), prof.table());
    }
  }

  @Test
  void shouldCoverZeroInEveryRange() {
    ActivationRange r = new ActivationRange(0.5f, 2f);
    assertEquals(0, r.zeroPoint());
    assertEquals(2f / 255, r.scale(), 1e-9);
    ActivationRange s = new ActivationRange(-1f, 3f);
    assertEquals(64, s.zeroPoint()); // -(-1) / (4/255) = 63.75
    assertEquals(new ActivationRange(-1f, 3f), r.union(s));
  }
}
