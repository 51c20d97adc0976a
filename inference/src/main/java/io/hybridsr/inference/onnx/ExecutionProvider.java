package io.hybridsr.inference.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Locale;

/**
 * Where ONNX Runtime runs a model: the CPU (default) or CUDA.
 *
 * <p>CUDA needs the {@code onnxruntime_gpu} jar, which the {@code cuda} Maven profile of inference/
 * puts in place of the CPU one ({@code mvn -Pcuda ...}). The choice is a setting of whoever opens
 * the sessions (the job's {@code edge.execution.provider}, the CLI's {@code HYBRIDSR_EP}), passed
 * down as this value, so the same build serves both.
 */
public enum ExecutionProvider {
  CPU,
  CUDA;

  /** {@code cpu} or {@code cuda} (any case); null or blank is CPU. */
  public static ExecutionProvider parse(String v) {
    if (v == null || v.isBlank()) {
      return CPU;
    }
    try {
      return valueOf(v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "execution provider '" + v + "' is not one of cpu, cuda", e);
    }
  }

  /** The lower-case name used in settings and runner ids, e.g. {@code cpu}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Session options for this provider, with threads left to ONNX Runtime's defaults. */
  public OrtSession.SessionOptions sessionOptions() throws OrtException {
    return sessionOptions(0);
  }

  /**
   * Session options for this provider with {@code intraOpThreads} threads per operator (0: ONNX
   * Runtime's default, one per physical core). A runner named {@code .../1t} must run on one: with
   * the default, a 1-thread edge used both cores of a 2-core host, and where a device's SR ran on
   * the other one the generation waited for its straggling half (1.0-2.3x its time alone).
   */
  public OrtSession.SessionOptions sessionOptions(int intraOpThreads) throws OrtException {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intra-op threads must be >= 0, got " + intraOpThreads);
    }
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    if (intraOpThreads > 0) {
      o.setIntraOpNumThreads(intraOpThreads);
    }
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
