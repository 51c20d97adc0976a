package io.hybridsr.inference.realesrgan;

import io.hybridsr.inference.onnx.ExecutionProvider;
import io.hybridsr.inference.quant.Precision;
import java.util.Objects;

/**
 * How to run Real-ESRGAN: threads, RealESRGANer's tiling settings and the graph's precision.
 *
 * @param threads ONNX Runtime intra-op threads (0: its default, one per core)
 * @param tile tile side in input pixels; 0 runs the whole image at once (fastest on CPU; tiles only
 *     cap memory)
 * @param tilePad context pixels read around each tile; {@link #AUTO_TILE_PAD} picks the model's
 *     {@link io.hybridsr.inference.store.RealEsrganModel#seamlessTilePad()}
 * @param prePad pixels reflected onto the right and bottom edges before the network and cut off
 *     after it (RealESRGANer's {@code pre_pad}), to soften the network's border effects
 * @param precision which converted graph runs: fp32, the calibrated int8 one, or the fp16 one (for
 *     GPUs; bf16 is refused where the graph is opened, with the reason)
 * @param tuning ONNX Runtime profiling or extra session entries, for benchmarks ({@link
 *     SessionTuning#NONE})
 * @param provider where the session runs: the CPU (default) or CUDA (the {@code -Pcuda} build),
 *     where fp16 is what a GPU is for
 */
public record RealEsrganOptions(
    int threads,
    int tile,
    int tilePad,
    int prePad,
    Precision precision,
    SessionTuning tuning,
    ExecutionProvider provider) {
  /** Tile pad chosen per model so that tiles leave no visible seam. */
  public static final int AUTO_TILE_PAD = -1;

  public RealEsrganOptions {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, got " + threads);
    }
    if (tile < 0) {
      throw new IllegalArgumentException("tile must be >= 0 (0 = whole image), got " + tile);
    }
    if (tilePad < AUTO_TILE_PAD || prePad < 0) {
      throw new IllegalArgumentException(
          "tilePad must be >= 0 (or -1 for the model's seamless pad) and prePad >= 0, got "
              + tilePad
              + ", "
              + prePad);
    }
    Objects.requireNonNull(precision, "precision");
    tuning = tuning == null ? SessionTuning.NONE : tuning;
    provider = provider == null ? ExecutionProvider.CPU : provider;
  }

  /** These settings on the CPU. */
  public RealEsrganOptions(
      int threads, int tile, int tilePad, int prePad, Precision precision, SessionTuning tuning) {
    this(threads, tile, tilePad, prePad, precision, tuning, ExecutionProvider.CPU);
  }

  /** These settings at {@code precision}, with no measuring tuning. */
  public RealEsrganOptions(int threads, int tile, int tilePad, int prePad, Precision precision) {
    this(threads, tile, tilePad, prePad, precision, SessionTuning.NONE);
  }

  /** fp32 with these settings. */
  public RealEsrganOptions(int threads, int tile, int tilePad, int prePad) {
    this(threads, tile, tilePad, prePad, Precision.FP32);
  }

  /** Whole image, the model's seamless tile pad when tiled, no pre-pad, one thread per core. */
  public static RealEsrganOptions defaults() {
    return new RealEsrganOptions(Runtime.getRuntime().availableProcessors(), 0, AUTO_TILE_PAD, 0);
  }

  public RealEsrganOptions withThreads(int t) {
    return new RealEsrganOptions(t, tile, tilePad, prePad, precision, tuning, provider);
  }

  public RealEsrganOptions withTile(int t) {
    return new RealEsrganOptions(threads, t, tilePad, prePad, precision, tuning, provider);
  }

  public RealEsrganOptions withTilePad(int p) {
    return new RealEsrganOptions(threads, tile, p, prePad, precision, tuning, provider);
  }

  public RealEsrganOptions withPrePad(int p) {
    return new RealEsrganOptions(threads, tile, tilePad, p, precision, tuning, provider);
  }

  public RealEsrganOptions withPrecision(Precision p) {
    return new RealEsrganOptions(threads, tile, tilePad, prePad, p, tuning, provider);
  }

  /** These settings with a profile or extra ONNX Runtime entries (for benchmarks). */
  public RealEsrganOptions withTuning(SessionTuning t) {
    return new RealEsrganOptions(threads, tile, tilePad, prePad, precision, t, provider);
  }

  /** These settings with the session on {@code p}. */
  public RealEsrganOptions withProvider(ExecutionProvider p) {
    return new RealEsrganOptions(threads, tile, tilePad, prePad, precision, tuning, p);
  }
}
