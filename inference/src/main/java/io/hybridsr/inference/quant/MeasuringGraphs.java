package io.hybridsr.inference.quant;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * What the quantiser's measuring passes share: a float graph with inner tensors exposed as outputs,
 * run with basic optimisations only (fusing nodes would hide the tensors being measured). Used by
 * {@link RangeCalibrator}, {@link ChannelEqualizer} and {@link ConvHessians}.
 */
final class MeasuringGraphs {
  private MeasuringGraphs() {}

  /** A graph output named {@code name} of element type {@code type}, shape left to inference. */
  static ValueInfoProto output(String name, TensorProto.DataType type) {
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber())))
        .build();
  }

  /** A float32 graph output named {@code name}. */
  static ValueInfoProto floatOutput(String name) {
    return output(name, TensorProto.DataType.FLOAT);
  }

  /** A session of the serialised {@code model}, basic optimisations, {@code threads} intra-op. */
  static OrtSession open(byte[] model, int threads) throws OrtException {
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      o.setIntraOpNumThreads(threads);
      return OrtEnvironment.getEnvironment().createSession(model, o);
    }
  }
}
