package io.hybridsr.inference.realesrgan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.hybridsr.core.image.ImageMetrics;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.quant.ExternalWeights;
import io.hybridsr.inference.quant.Fp16Conversion;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Both models' fp16 graphs on the real weights: half-precision weights and activations behind a
 * float32 input and output, cached beside the fp32 graph, and close to fp32 when run (on the CPU
 * provider, which computes float16 nodes in float behind casts: the rounding is fp16's).
 */
class RealEsrganFp16Test {
  private static final RealEsrganOptions OPTS = RealEsrganOptions.defaults().withThreads(2);

  @ParameterizedTest
  @EnumSource(RealEsrganModel.class)
  void shouldWriteAHalfPrecisionGraphWithFloatInputAndOutput(RealEsrganModel m) throws Exception {
    ModelStore.Weights w = ModelStore.locate(null).ensure(m);
    Path onnx = RealEsrganModels.onnx(w, Precision.FP16);
    assertTrue(onnx.getFileName().toString().endsWith("-fp16.onnx"), onnx.toString());
    ModelProto g = ModelProto.parseFrom(Files.readAllBytes(onnx));
    Set<String> resizeParameters = new HashSet<>();
    int casts = 0;
    for (NodeProto n : g.getGraph().getNodeList()) {
      if (n.getOpType().equals("Resize")) {
        resizeParameters.addAll(n.getInputList().subList(1, n.getInputCount()));
      }
      casts += n.getOpType().equals("Cast") ? 1 : 0;
    }
    assertEquals(2, casts, "one Cast after the input, one before the output");
    int half = 0;
    for (TensorProto t : g.getGraph().getInitializerList()) {
      if (resizeParameters.contains(t.getName())) {
        assertEquals(TensorProto.DataType.FLOAT.getNumber(), t.getDataType(), t.getName());
      } else {
        assertEquals(TensorProto.DataType.FLOAT16.getNumber(), t.getDataType(), t.getName());
        half++;
      }
    }
    assertTrue(half > 0);
    assertEquals(
        TensorProto.DataType.FLOAT.getNumber(),
        g.getGraph().getInput(0).getType().getTensorType().getElemType());
    assertEquals(
        TensorProto.DataType.FLOAT.getNumber(),
        g.getGraph().getOutput(0).getType().getTensorType().getElemType());
  }

  @ParameterizedTest
  @EnumSource(RealEsrganModel.class)
  void shouldStayCloseToFp32AndSayWhichPrecisionRan(RealEsrganModel m) throws Exception {
    ModelStore store = ModelStore.locate(null);
    try (RealEsrganUpscaler fp32 = RealEsrganModels.open(store, m, OPTS);
        RealEsrganUpscaler fp16 =
            RealEsrganModels.open(store, m, OPTS.withPrecision(Precision.FP16))) {
      assertEquals(m.fileStem() + "-fp16", fp16.name());
      ImageTensor a = fp32.upscaleRaw(TestModels.referenceInput(), (d, t) -> {});
      ImageTensor b = fp16.upscaleRaw(TestModels.referenceInput(), (d, t) -> {});
      assertNotEquals(a, b, "the fp16 graph must not compute in fp32");
      double psnr = ImageMetrics.psnr(b, a);
      // fp16 keeps 11 significant bits; a weight or activation left in the wrong type, or a
      // wrong cast, gives far less (int8 gives 38-42 dB)
      assertTrue(psnr > 50, m + ": fp16 vs fp32 PSNR " + psnr + " dB");
    }
  }

  /**
   * The pair a GPU check carries: the fp32 graph with its weights stored in half and the fp16
   * graph, sharing one weights file, compute exactly what the cached fp32 and fp16 graphs do.
   */
  @ParameterizedTest
  @EnumSource(RealEsrganModel.class)
  void shouldShareOneWeightsFileAndComputeAsTheCachedGraphs(RealEsrganModel m, @TempDir Path dir)
      throws Exception {
    ModelStore.Weights w = ModelStore.locate(null).ensure(m);
    Path fp32File = RealEsrganModels.onnx(w, Precision.FP32);
    ModelProto fp32 = ModelProto.parseFrom(Files.readAllBytes(fp32File));
    List<ModelProto> shared =
        ExternalWeights.share(
            List.of(Fp16Conversion.storeInHalf(fp32), Fp16Conversion.convert(fp32)),
            dir,
            "weights.bin");
    Path storedInHalf = dir.resolve("fp32.onnx");
    Path half = dir.resolve("fp16.onnx");
    Files.write(storedInHalf, shared.get(0).toByteArray());
    Files.write(half, shared.get(1).toByteArray());
    long weights = Files.size(dir.resolve("weights.bin"));
    // the upscayl weights are half precision: stored once, they are about half the fp32 graph
    assertTrue(
        weights < 0.6 * Files.size(fp32File),
        "weights " + weights + " bytes, fp32 graph " + Files.size(fp32File));
    ImageTensor x = TestModels.referenceInput();
    assertArrayEquals(run(fp32File, x), run(storedInHalf, x), "fp32 stored in half");
    assertArrayEquals(
        run(RealEsrganModels.onnx(w, Precision.FP16), x), run(half, x), "fp16, shared weights");
  }

  /** The CPU build (the default) says what the CUDA provider needs instead of running on CPU. */
  @org.junit.jupiter.api.Test
  void shouldSayThatCudaNeedsTheGpuBuild() {
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () ->
                RealEsrganModels.open(
                    ModelStore.locate(null),
                    RealEsrganModel.X4FAST,
                    OPTS.withPrecision(Precision.FP16)
                        .withProvider(io.hybridsr.inference.onnx.ExecutionProvider.CUDA)));
    assertTrue(e.getMessage().contains("-Pcuda"), e.getMessage());
  }

  private static float[] run(Path onnx, ImageTensor x) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(2);
      try (OrtSession s = env.createSession(onnx.toString(), o);
          OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), x.nchwShape());
          OrtSession.Result r = s.run(Map.of("input", t))) {
        FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
        float[] f = new float[b.remaining()];
        b.get(f);
        return f;
      }
    }
  }
}
