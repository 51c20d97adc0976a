package io.hybridsr.inference.realesrgan;

import io.hybridsr.inference.ncnn.ConvertedModelCache;
import io.hybridsr.inference.ncnn.GraphStats;
import io.hybridsr.inference.ncnn.NcnnFormatException;
import io.hybridsr.inference.ncnn.NcnnToOnnxConverter;
import io.hybridsr.inference.onnx.ExecutionProvider;
import io.hybridsr.inference.onnx.SharedSessions;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.nio.file.Path;

/**
 * Opens Real-ESRGAN runners from the model store: weights checked (fetched on first use), converted
 * to ONNX once per precision (cached by hash), session shared per converted file and thread count
 * by the runners open at the time, and closed with the last of them. A runner's {@link
 * RealEsrganUpscaler#name() name} carries its precision ({@code realesrgan-x4fast}, {@code
 * realesrgan-x4fast-int8}), so reports and the stage models see which graph ran.
 *
 * <pre>{@code
 * RealEsrganUpscaler x4fast =
 *     RealEsrganModels.open(ModelStore.locate(null), RealEsrganModel.X4FAST, RealEsrganOptions.defaults());
 * }</pre>
 */
public final class RealEsrganModels {
  private record SessionKey(
      Path onnx, int threads, SessionTuning tuning, ExecutionProvider provider) {}

  // An x4plus session holds ~70 MB of weights and takes about a second to optimise: the runners
  // open at one time (a job's subtasks, a command's) share one per (file, thread count); it
  // closes with the last runner on it, so nothing outlives its users (a cancelled Flink job).
  private static final SharedSessions<SessionKey, RealEsrganSession> SESSIONS =
      new SharedSessions<>();

  private RealEsrganModels() {}

  /**
   * A runner on the shared session of {@code model} (opened if no runner holds it); the caller
   * closes the runner, and the session closes with the last one.
   */
  public static RealEsrganUpscaler open(
      ModelStore store, RealEsrganModel model, RealEsrganOptions options) {
    ModelStore.Weights w = store.ensure(model);
    Path onnx = onnx(w, options.precision());
    GraphStats stats = stats(w);
    SharedSessions.Lease<RealEsrganSession> session =
        sharedSession(onnx, options.threads(), options.tuning(), options.provider());
    RealEsrganOptions resolved =
        options.tilePad() == RealEsrganOptions.AUTO_TILE_PAD
            ? options.withTilePad(model.seamlessTilePad())
            : options;
    return new RealEsrganUpscaler(
        session.get(),
        session,
        resolved,
        runnerName(model, options.precision()),
        stats.scale(),
        stats.flopsPerInputPixel());
  }

  /** Real-ESRGAN sessions open now in this class loader (each held by at least one runner). */
  public static int openSessions() {
    return SESSIONS.openSessions();
  }

  /**
   * {@code realesrgan-x4fast} for fp32 (the name profiles already use), else with {@code -int8}
   * etc.
   */
  public static String runnerName(RealEsrganModel model, Precision p) {
    return p == Precision.FP32 ? model.fileStem() : model.fileStem() + "-" + p.id();
  }

  /** A hold on the shared session of {@code onnx} with {@code threads} intra-op threads. */
  static SharedSessions.Lease<RealEsrganSession> sharedSession(Path onnx, int threads) {
    return sharedSession(onnx, threads, SessionTuning.NONE, ExecutionProvider.CPU);
  }

  private static SharedSessions.Lease<RealEsrganSession> sharedSession(
      Path onnx, int threads, SessionTuning tuning, ExecutionProvider provider) {
    return SESSIONS.acquire(
        new SessionKey(onnx.toAbsolutePath(), threads, tuning, provider),
        k -> RealEsrganSession.open(k.onnx(), k.threads(), k.tuning(), k.provider()));
  }

  /** The converted fp32 ONNX file of these weights (converting on first use). */
  public static Path onnx(ModelStore.Weights w) {
    return onnx(w, Precision.FP32);
  }

  /** The converted ONNX file of these weights at {@code precision} (converting on first use). */
  public static Path onnx(ModelStore.Weights w, Precision precision) {
    try {
      return ConvertedModelCache.onnxFor(w.param(), w.bin(), precision);
    } catch (NcnnFormatException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** FLOPs per pixel, scale and size of the model's graph. */
  public static GraphStats stats(ModelStore.Weights w) {
    try {
      return NcnnToOnnxConverter.stats(w.param());
    } catch (NcnnFormatException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
