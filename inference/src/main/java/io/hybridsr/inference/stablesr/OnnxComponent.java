package io.hybridsr.inference.stablesr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.hybridsr.inference.contract.ElementType;
import io.hybridsr.inference.contract.ModelContract;
import io.hybridsr.inference.onnx.LoadedModel;
import io.hybridsr.inference.onnx.SharedSessions;
import io.hybridsr.inference.onnx.Tensors;
import java.util.HashMap;
import java.util.Map;

/**
 * A StableSR component on ONNX Runtime: each input is made in the element type the file declares
 * (float32/float16, int32/int64), each output read back as float.
 */
public final class OnnxComponent implements ModelComponent {
  private final LoadedModel model;
  private final AutoCloseable hold;

  /** A component on a model someone else owns (a test's own session): closing it does nothing. */
  public OnnxComponent(LoadedModel model) {
    this(model, () -> {});
  }

  /** A component holding a lease on a shared session, released by {@link #close()}. */
  public OnnxComponent(SharedSessions.Lease<LoadedModel> lease) {
    this(lease.get(), lease);
  }

  private OnnxComponent(LoadedModel model, AutoCloseable hold) {
    this.model = model;
    this.hold = hold;
  }

  @Override
  public void close() {
    try {
      hold.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot release " + model.path() + ": " + e.getMessage(), e);
    }
  }

  public LoadedModel model() {
    return model;
  }

  @Override
  public ModelContract contract() {
    return model.check().contract();
  }

  @Override
  public String describe() {
    return "onnx " + model.path() + " (" + model.precision().name().toLowerCase() + ")";
  }

  private int declaredRank(String input) throws ai.onnxruntime.OrtException {
    var info = model.session().getInputInfo().get(input);
    return info != null && info.getInfo() instanceof ai.onnxruntime.TensorInfo ti
        ? ti.getShape().length
        : -1;
  }

  @Override
  public Map<String, ComponentTensor> run(Map<String, ComponentTensor> inputs) throws Exception {
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      for (var e : inputs.entrySet()) {
        ElementType type = model.inputType(e.getKey());
        ComponentTensor t = e.getValue();
        if (t.data().length == 1 && declaredRank(e.getKey()) == 0) {
          t =
              new ComponentTensor(
                  new long[0], t.data()); // a scalar input (e.g. Optimum >= 1.24's timestep)
        }
        if (type.isFloat()) {
          in.put(e.getKey(), Tensors.floats(t.data(), t.shape(), type));
        } else {
          int[] ints = new int[t.data().length];
          for (int i = 0; i < ints.length; i++) {
            ints[i] = Math.round(t.data()[i]);
          }
          in.put(e.getKey(), Tensors.ints(ints, t.shape(), type));
        }
      }
      try (OrtSession.Result r = model.session().run(in)) {
        Map<String, ComponentTensor> out = new HashMap<>();
        for (var e : r) {
          out.put(
              e.getKey(),
              new ComponentTensor(Tensors.shape(e.getValue()), Tensors.readFloats(e.getValue())));
        }
        return out;
      }
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }
}
