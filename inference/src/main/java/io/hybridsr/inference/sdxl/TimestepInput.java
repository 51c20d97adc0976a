package io.hybridsr.inference.sdxl;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import io.hybridsr.inference.contract.ElementType;
import io.hybridsr.inference.onnx.LoadedModel;
import io.hybridsr.inference.onnx.Tensors;
import java.nio.IntBuffer;
import java.nio.LongBuffer;

/**
 * The UNet's {@code timestep} input in the form the file declares: a rank-0 scalar (Optimum >=
 * 1.24: float32) or a vector of one value per batch entry (Optimum 1.10-1.23: int64 {@code
 * [steps]}), in int64, int32, float32 or float16.
 *
 * <p>diffusers passes Euler's timesteps as float32 and DPM-Solver's as int64; SDXL's timesteps are
 * integers, so both forms give the same UNet input.
 */
public final class TimestepInput {
  private TimestepInput() {}

  /** The declared rank of {@code model}'s input {@code name} (0 for a scalar). */
  public static int declaredRank(LoadedModel model, String name) {
    try {
      var info = model.session().getInputInfo().get(name);
      if (info == null || !(info.getInfo() instanceof TensorInfo t)) {
        throw new IllegalArgumentException(model.path() + ": no tensor input '" + name + "'");
      }
      return t.getShape().length;
    } catch (OrtException e) {
      throw new IllegalStateException(
          model.path() + ": cannot read input info: " + e.getMessage(), e);
    }
  }

  /** Timestep {@code t} for a batch of {@code batch}, as {@code model} declares its timestep. */
  public static OnnxTensor of(LoadedModel model, double t, int batch) throws OrtException {
    ElementType type = model.inputType("timestep");
    if (declaredRank(model, "timestep") != 0) {
      return Tensors.timestep(t, batch, type);
    }
    long[] scalar = {};
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    return switch (type) {
      case INT64 ->
          OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {Math.round(t)}), scalar);
      case INT32 ->
          OnnxTensor.createTensor(env, IntBuffer.wrap(new int[] {(int) Math.round(t)}), scalar);
      case FLOAT32, FLOAT16 -> Tensors.floats(new float[] {(float) t}, scalar, type);
    };
  }

  /** For messages: {@code "float32 scalar"}, {@code "int64 vector"}. */
  public static String describe(LoadedModel model) {
    String f = model.check().form("timestep");
    return f != null
        ? f
        : model.inputType("timestep").name().toLowerCase(java.util.Locale.ROOT)
            + (declaredRank(model, "timestep") == 0 ? " scalar" : " vector");
  }
}
