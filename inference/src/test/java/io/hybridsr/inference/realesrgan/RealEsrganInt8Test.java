package io.hybridsr.inference.realesrgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.hybridsr.core.image.ImageMetrics;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.quant.OrtProfile;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** x4fast's int8 graph on the real weights: integer kernels in ONNX Runtime, close to fp32. */
class RealEsrganInt8Test {
  private static final RealEsrganOptions OPTS = RealEsrganOptions.defaults().withThreads(2);

  @Test
  void shouldRunEveryConvolutionOfX4fastAsQLinearConv(@TempDir Path tmp) throws Exception {
    Path onnx =
        RealEsrganModels.onnx(
            ModelStore.locate(null).ensure(RealEsrganModel.X4FAST), Precision.INT8);
    assertTrue(onnx.getFileName().toString().contains("-int8-"), onnx.toString());
    ImageTensor x = TestModels.referenceInput();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Path json;
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(2);
      o.enableProfiling(tmp.resolve("x4fast-int8").toString());
      try (OrtSession s = env.createSession(onnx.toString(), o);
          OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), x.nchwShape());
          OrtSession.Result r = s.run(Map.of("input", t))) {
        assertEquals(1, r.size());
        json = Path.of(s.endProfiling());
      }
    }
    OrtProfile p = OrtProfile.read(json);
    // 34 3x3 convolutions and the 33 depthwise scalings of the blocked PReLU; no float fallback
    assertEquals(67, p.calls("QLinearConv"), p.table());
    assertEquals(0, p.calls("Conv"), p.table());
    assertEquals(33 + 1, p.calls("QLinearAdd"), p.table());
    assertEquals(
        1, p.calls("DequantizeLinear"), "only the graph's output is dequantised:\n" + p.table());
  }

  @Test
  void shouldStayCloseToFp32AndSayWhichPrecisionRan() throws Exception {
    ModelStore store = ModelStore.locate(null);
    RealEsrganUpscaler fp32 = RealEsrganModels.open(store, RealEsrganModel.X4FAST, OPTS);
    RealEsrganUpscaler int8 =
        RealEsrganModels.open(store, RealEsrganModel.X4FAST, OPTS.withPrecision(Precision.INT8));
    assertEquals("realesrgan-x4fast", fp32.name());
    assertEquals("realesrgan-x4fast-int8", int8.name());
    ImageTensor a = fp32.upscale(TestModels.referenceInput());
    ImageTensor b = int8.upscale(TestModels.referenceInput());
    double psnr = ImageMetrics.psnr(b, a);
    assertNotEquals(a, b, "the int8 graph must not be the fp32 one");
    // measured 38-41 dB on photos (docs/super-resolution.md); a wrong scale or bias gives < 20 dB
    assertTrue(psnr > 32, "int8 vs fp32 PSNR " + psnr + " dB");
  }

  @Test
  void shouldRefuseBf16WithTheReason() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                RealEsrganModels.open(
                    ModelStore.locate(null),
                    RealEsrganModel.X4FAST,
                    OPTS.withPrecision(Precision.BF16)));
    assertTrue(
        e.getMessage().contains("bf16 is not available")
            && e.getMessage().contains("bfloat16 Conv"),
        e.getMessage());
  }

  @Test
  void shouldRefuseAPrecisionOverTheBudget() {
    PrecisionQuality q = new PrecisionQuality(Precision.INT8, 25.5, 25.9, 0.71, 0.73, 36.5);
    assertEquals(0.4, q.psnrLossDb(), 1e-9);
    assertTrue(new QualityBudget(0.5).allows(q));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new QualityBudget(0.3).require(q));
    assertTrue(
        e.getMessage().contains("loses 0.40 dB") && e.getMessage().contains("budget of 0.30 dB"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new QualityBudget(-1));
  }
}
