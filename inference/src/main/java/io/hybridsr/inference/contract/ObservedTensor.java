package io.hybridsr.inference.contract;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One input or output as a loaded model declares it: name, element type, shape ({@code -1} for a
 * dynamic axis).
 *
 * @param typeName ONNX Runtime's name for the element type, kept for messages
 * @param type the contract's element type, or null when the contract knows no such type
 */
public record ObservedTensor(String name, ElementType type, String typeName, long[] shape) {

  public int rank() {
    return shape.length;
  }

  /** Reads the inputs or outputs of a session, in declaration order. */
  public static List<ObservedTensor> fromSession(Map<String, NodeInfo> infos) {
    List<ObservedTensor> out = new ArrayList<>();
    for (NodeInfo n : infos.values()) {
      if (n.getInfo() instanceof TensorInfo t) {
        out.add(
            new ObservedTensor(n.getName(), ElementType.of(t.type), t.type.name(), t.getShape()));
      } else {
        out.add(new ObservedTensor(n.getName(), null, n.getInfo().toString(), new long[0]));
      }
    }
    return out;
  }
}
