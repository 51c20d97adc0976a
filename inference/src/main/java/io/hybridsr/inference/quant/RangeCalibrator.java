package io.hybridsr.inference.quant;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hybridsr.core.image.ImageTensor;
import java.nio.FloatBuffer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures the range of every activation of a float graph on calibration inputs, by running the
 * graph once per input with each intermediate tensor exposed as an output.
 *
 * <p>Min/max, not a percentile or a margin: on x4fast, clipping every range to 90% cost 0.2 dB
 * against fp32 and to 80% 6 dB, widening it by 15% cost 0.5 dB (docs/super-resolution.md).
 */
public final class RangeCalibrator {
  private RangeCalibrator() {}

  /** Each activation's range (the graph input and every node output) over all {@code inputs}. */
  public static Map<String, ActivationRange> calibrate(
      ModelProto model, List<ImageTensor> inputs, int threads) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("calibration needs at least one input");
    }
    GraphProto g = model.getGraph();
    String inputName = g.getInput(0).getName();
    Set<String> existing = new HashSet<>();
    g.getOutputList().forEach(o -> existing.add(o.getName()));
    GraphProto.Builder exposed = g.toBuilder();
    for (NodeProto n : g.getNodeList()) {
      for (String o : n.getOutputList()) {
        if (!o.isEmpty() && existing.add(o)) {
          exposed.addOutput(MeasuringGraphs.floatOutput(o));
        }
      }
    }
    byte[] bytes = model.toBuilder().setGraph(exposed).build().toByteArray();
    Map<String, ActivationRange> ranges = new LinkedHashMap<>();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = MeasuringGraphs.open(bytes, threads)) {
      for (ImageTensor x : inputs) {
        merge(ranges, inputName, rangeOf(FloatBuffer.wrap(x.data())));
        try (OnnxTensor t =
                OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), x.nchwShape());
            OrtSession.Result r = s.run(Map.of(inputName, t))) {
          for (Map.Entry<String, OnnxValue> e : r) {
            if (e.getValue() instanceof OnnxTensor ot) {
              merge(ranges, e.getKey(), rangeOf(ot.getFloatBuffer()));
            }
          }
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("calibration run failed: " + e.getMessage(), e);
    }
    return ranges;
  }

  private static void merge(Map<String, ActivationRange> ranges, String name, ActivationRange r) {
    ranges.merge(name, r, ActivationRange::union);
  }

  private static ActivationRange rangeOf(FloatBuffer b) {
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (int i = b.position(); i < b.limit(); i++) {
      float v = b.get(i);
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    return lo > hi ? new ActivationRange(0f, 0f) : new ActivationRange(lo, hi);
  }
}
