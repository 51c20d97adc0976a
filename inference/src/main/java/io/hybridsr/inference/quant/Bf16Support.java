package io.hybridsr.inference.quant;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Asks ONNX Runtime whether its CPU provider can run a bfloat16 convolution, by opening a one-Conv
 * bfloat16 graph.
 *
 * <p>Why ask rather than assume: the CPU here has AVX512-BF16 and AMX-BF16, but a bf16 graph is
 * only worth writing if the runtime has a kernel for it. ONNX allows a bfloat16 Conv from opset 22
 * (the probe uses 22; at the converter's opset 17 the graph is not even valid), and ONNX Runtime
 * 1.28's CPU provider answers "Could not find an implementation for Conv(22)": the loader's own
 * refusal, which {@link #problem()} passes on word for word. Should a later runtime accept the
 * graph, the refusal goes away and the converter's missing bf16 writer is what remains to do.
 */
public final class Bf16Support {
  private static volatile Optional<String> problem;

  private Bf16Support() {}

  /** Why bf16 cannot run here (empty when ONNX Runtime opens a bfloat16 Conv). */
  public static Optional<String> problem() {
    Optional<String> p = problem;
    if (p == null) {
      p = probe();
      problem = p;
    }
    return p;
  }

  /** Whether this CPU advertises AVX512-BF16 (Linux's /proc/cpuinfo; false where unreadable). */
  public static boolean cpuHasBf16() {
    try {
      return Files.readString(Path.of("/proc/cpuinfo")).contains(" avx512_bf16");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** The refusal for a caller that asked for bf16 graphs. */
  public static PrecisionUnavailableException refusal() {
    return new PrecisionUnavailableException(
        "bf16 is not available: "
            + problem()
                .orElse(
                    "ONNX Runtime opens a bfloat16 Conv here, but the converter writes no bf16 graph yet")
            + " (CPU AVX512-BF16: "
            + (cpuHasBf16() ? "yes" : "no")
            + "); use --precision fp32 or int8");
  }

  private static Optional<String> probe() {
    int bf16 = TensorProto.DataType.BFLOAT16.getNumber();
    // 1.0 in bfloat16 is 0x3F80, little-endian
    byte[] one = new byte[2 * 9];
    for (int i = 0; i < 9; i++) {
      one[2 * i] = (byte) 0x80;
      one[2 * i + 1] = (byte) 0x3F;
    }
    GraphProto g =
        GraphProto.newBuilder()
            .setName("bf16-probe")
            .addInput(info("x", bf16, 1, 1, 4, 4))
            .addOutput(info("y", bf16, 1, 1, 2, 2))
            .addInitializer(
                TensorProto.newBuilder()
                    .setName("w")
                    .setDataType(bf16)
                    .addDims(1)
                    .addDims(1)
                    .addDims(3)
                    .addDims(3)
                    .setRawData(ByteString.copyFrom(one)))
            .addNode(
                NodeProto.newBuilder()
                    .setOpType("Conv")
                    .setName("conv")
                    .addInput("x")
                    .addInput("w")
                    .addOutput("y"))
            .build();
    ModelProto m =
        ModelProto.newBuilder()
            .setIrVersion(10)
            .setProducerName("hybridsr")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(22))
            .setGraph(g)
            .build();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        OrtSession s = env.createSession(m.toByteArray(), o)) {
      return s.getNumInputs() == 1
          ? Optional.empty()
          : Optional.of("the bf16 probe graph did not load as written");
    } catch (OrtException e) {
      return Optional.of(
          "ONNX Runtime's CPU provider has no bfloat16 Conv kernel ("
              + e.getMessage().strip()
              + ")");
    }
  }

  private static ValueInfoProto info(String name, int type, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape)))
        .build();
  }
}
