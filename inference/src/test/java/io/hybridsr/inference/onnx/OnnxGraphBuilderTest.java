package io.hybridsr.inference.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxGraphBuilderTest {

  @Test
  void shouldBuildAModelThatOnnxRuntimeRunsWithTheExpectedArithmetic() throws Exception {
    OnnxGraphBuilder b = new OnnxGraphBuilder("affine");
    b.input("x", TensorProto.DataType.FLOAT, "batch", 2L);
    String w = b.initializer("w", new long[] {2}, new float[] {2f, -1f});
    String bias = b.constScalar("b", 0.5f);
    String mul = b.op("Mul", new String[] {"x", w});
    b.node("Add", new String[] {mul, bias}, new String[] {"y"});
    b.output("y", TensorProto.DataType.FLOAT, "batch", 2L);

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(b.toBytes(), new OrtSession.SessionOptions());
        OnnxTensor x =
            OnnxTensor.createTensor(
                env, FloatBuffer.wrap(new float[] {1, 2, 3, 4}), new long[] {2, 2});
        OrtSession.Result r = s.run(Map.of("x", x))) {
      float[][] y = (float[][]) r.get(0).getValue();
      assertArrayEquals(new float[] {2.5f, -1.5f}, y[0], 1e-6f);
      assertArrayEquals(new float[] {6.5f, -3.5f}, y[1], 1e-6f);
    }
  }
}
