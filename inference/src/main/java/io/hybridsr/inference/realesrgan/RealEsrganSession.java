package io.hybridsr.inference.realesrgan;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.ncnn.NcnnToOnnxConverter;
import io.hybridsr.inference.onnx.ExecutionProvider;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Owns one ONNX Runtime session of a converted Real-ESRGAN model and runs the bare network.
 *
 * <p>Opened once and shared: {@code OrtSession.run} is thread-safe, so any number of tiles, patches
 * or Flink subtasks may call {@link #forward} at once. Options follow measurements on 2-core
 * machines: all graph optimisations, sequential execution (the parallel executor was 1.6-1.9x
 * slower), intra-op threads as given, denormals flushed to zero (10x on x4fast at 64 px). Threads
 * spin between operators (ONNX Runtime's default): 5-15% faster on an idle machine; on a crowded
 * one {@code session.intra_op.allow_spinning=0} can be better. No pre- or post-processing happens
 * here (see {@link RealEsrganTranslator}).
 */
public final class RealEsrganSession implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final int threads;

  private RealEsrganSession(OrtEnvironment env, OrtSession session, int threads) {
    this.env = env;
    this.session = session;
    this.threads = threads;
  }

  /** Opens {@code onnx} with {@code intraOpThreads} threads (0: ONNX Runtime's default). */
  public static RealEsrganSession open(Path onnx, int intraOpThreads) {
    return open(onnx, intraOpThreads, SessionTuning.NONE);
  }

  /** As {@link #open(Path, int)}, with a profile or extra session entries for measuring. */
  public static RealEsrganSession open(Path onnx, int intraOpThreads, SessionTuning tuning) {
    return open(onnx, intraOpThreads, tuning, ExecutionProvider.CPU);
  }

  /**
   * As {@link #open(Path, int, SessionTuning)}, on {@code provider}: CUDA needs the {@code -Pcuda}
   * build and says so when it is missing.
   */
  public static RealEsrganSession open(
      Path onnx, int intraOpThreads, SessionTuning tuning, ExecutionProvider provider) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    // all optimisations, intra-op threads, denormals flushed to zero (10x on x4fast at 64 px)
    try (OrtSession.SessionOptions o = provider.sessionOptions(intraOpThreads)) {
      o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      o.setInterOpNumThreads(1);
      if (tuning.profilePrefix() != null) {
        // per-operator timings as Chrome-trace JSON, written when the session closes
        o.enableProfiling(tuning.profilePrefix());
      }
      for (var e : tuning.config().entrySet()) {
        o.addConfigEntry(e.getKey(), e.getValue());
      }
      return new RealEsrganSession(env, env.createSession(onnx.toString(), o), intraOpThreads);
    } catch (OrtException e) {
      throw new IllegalStateException(
          onnx + ": ONNX Runtime cannot open a session of the model: " + e.getMessage(), e);
    }
  }

  public int threads() {
    return threads;
  }

  /** Runs the network on a C x H x W tensor; returns its raw (unclamped) output. */
  public ImageTensor forward(ImageTensor input) {
    try (OnnxTensor x =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(input.data()), input.nchwShape());
        OrtSession.Result r = session.run(Map.of(NcnnToOnnxConverter.INPUT, x))) {
      OnnxTensor y = (OnnxTensor) r.get(0);
      long[] s = y.getInfo().getShape();
      FloatBuffer fb = y.getFloatBuffer();
      float[] out = new float[fb.remaining()];
      fb.get(out);
      return new ImageTensor((int) s[1], (int) s[2], (int) s[3], out);
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime failed on a " + input.shape() + " input: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the ONNX Runtime session failed", e);
    }
  }
}
