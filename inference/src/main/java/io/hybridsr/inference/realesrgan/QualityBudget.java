package io.hybridsr.inference.realesrgan;

import io.hybridsr.inference.SuperResolver;
import io.hybridsr.inference.onnx.ExecutionProvider;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.quant.PrecisionUnavailableException;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The most PSNR (against the originals, in dB) a reduced precision may lose to fp32 before a runner
 * refuses it.
 *
 * <p>Why a budget rather than a fixed choice: int8 is 2-3x faster on CPUs with VNNI but loses a
 * model- and picture-dependent amount of quality; a deployment states what it accepts and the
 * measured loss ({@link PrecisionQuality}) decides.
 *
 * <pre>{@code
 * new QualityBudget(0.3).require(PrecisionQuality.measure(store, model, Precision.INT8, 2));
 * }</pre>
 */
public record QualityBudget(double maxPsnrLossDb) {
  /** The target for int8: within 0.3 dB of fp32 against the originals. */
  public static final double DEFAULT_MAX_PSNR_LOSS_DB = 0.3;

  public QualityBudget {
    if (!(maxPsnrLossDb >= 0) || Double.isInfinite(maxPsnrLossDb)) {
      throw new IllegalArgumentException(
          "the PSNR loss budget must be a finite number of dB >= 0, got " + maxPsnrLossDb);
    }
  }

  public boolean allows(PrecisionQuality q) {
    return q.psnrLossDb() <= maxPsnrLossDb;
  }

  /** Returns {@code q} if within budget; otherwise throws, with the measured figures. */
  public PrecisionQuality require(PrecisionQuality q) {
    if (!allows(q)) {
      throw new PrecisionUnavailableException(
          String.format(
              Locale.ROOT,
              "precision %s refused: it loses %.2f dB PSNR against the originals (%.2f dB vs fp32's %.2f dB on the"
                  + " hold-out crops; %.1f dB against fp32's output), more than the budget of %.2f dB",
              q.precision(),
              q.psnrLossDb(),
              q.psnr(),
              q.psnrFp32(),
              q.psnrVsFp32(),
              maxPsnrLossDb));
    }
    return q;
  }

  /**
   * Opens {@code model} at {@code options}' precision if this budget allows it: a reduced precision
   * is first measured on the hold-out crops (seconds) and refused over budget, bf16 where ONNX
   * Runtime has no kernels for it, fp16 on the CPU provider (it is for GPUs); {@code accepted}
   * hears the measured figures (not called for fp32, which is the reference).
   *
   * @throws PrecisionUnavailableException when refused, with the reason
   */
  public SuperResolver open(
      ModelStore store,
      RealEsrganModel model,
      RealEsrganOptions options,
      Consumer<PrecisionQuality> accepted) {
    Precision p = options.precision();
    if (p == Precision.FP16 && options.provider() == ExecutionProvider.CPU) {
      // on the CPU provider fp16 only costs time
      throw new PrecisionUnavailableException(
          "precision fp16 refused: this runner serves on ONNX Runtime's CPU provider; "
              + p.cpuNote().orElseThrow()
              + ". Use fp32 or int8, or fp16 on CUDA");
    }
    RealEsrganUpscaler runner = RealEsrganModels.open(store, model, options);
    if (p != Precision.FP32) {
      // opened first: bf16 is refused there with ONNX Runtime's reason, before any measuring
      try {
        accepted.accept(require(PrecisionQuality.measure(store, model, p, options.threads())));
      } catch (RuntimeException e) {
        runner.close();
        throw e;
      }
    }
    return runner;
  }

  /** One line on an accepted precision's measured quality, for logs. */
  public String describe(PrecisionQuality q) {
    return String.format(
        Locale.ROOT,
        "%s loses %.2f dB PSNR against the originals (%.2f vs fp32 %.2f dB"
            + " on held-out crops, %.1f dB against fp32's output), within the budget of %.2f dB",
        q.precision(),
        q.psnrLossDb(),
        q.psnr(),
        q.psnrFp32(),
        q.psnrVsFp32(),
        maxPsnrLossDb);
  }
}
