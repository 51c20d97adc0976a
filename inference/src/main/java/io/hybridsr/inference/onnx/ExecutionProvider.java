package io.hybridsr.inference.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Locale;

/**
 * Where ONNX Runtime runs a model: the CPU (default) or CUDA.
 *
 * <p>CUDA needs the {@code onnxruntime_gpu} jar, which the {@code cuda} Maven profile of
 * inference/ puts in place of the CPU one ({@code mvn -Pcuda ...}). The choice comes from
 * {@code -Dhybridsr.ep=cuda} or the {@code HYBRIDSR_EP} variable, so the same build serves both.
 */
public enum ExecutionProvider {
  CPU,
  CUDA;

  /** From {@code -Dhybridsr.ep}, else {@code HYBRIDSR_EP}, else CPU. */
  public static ExecutionProvider fromEnvironment() {
    String v = System.getProperty("hybridsr.ep", System.getenv("HYBRIDSR_EP"));
    if (v == null || v.isBlank()) {
      return CPU;
    }
    try {
      return valueOf(v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "hybridsr.ep / HYBRIDSR_EP: '" + v + "' is not one of cpu, cuda", e);
    }
  }

  /** Session options for this provider, with threads left to ONNX Runtime's defaults. */
  public OrtSession.SessionOptions sessionOptions() throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    // Flush denormals: a UNet's or VAE's tiny activations otherwise take x86's slow path, and
    // a run's time then depends on the image (measured: 1280x704 at D = 24 took 1.6x as long as
    // at D = 50), which no model of the work can predict.
    o.addConfigEntry("session.set_denormal_as_zero", "1");
    if (this == CUDA) {
      try {
        o.addCUDA(0);
      } catch (OrtException e) {
        o.close();
        throw new OrtException(
            "CUDA execution provider not available (build with mvn -Pcuda to use onnxruntime_gpu): "
                + e.getMessage());
      }
    }
    return o;
  }
}
