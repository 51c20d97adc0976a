package io.hybridsr.operators.edge;

import io.hybridsr.inference.SuperResolver;
import io.hybridsr.inference.onnx.ExecutionProvider;
import io.hybridsr.inference.onnx.SessionCache;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.realesrgan.QualityBudget;
import io.hybridsr.inference.realesrgan.RealEsrganModels;
import io.hybridsr.inference.realesrgan.RealEsrganOptions;
import io.hybridsr.inference.sdxl.SdxlModels;
import io.hybridsr.inference.sdxl.SdxlPipeline;
import io.hybridsr.inference.standin.StandIns;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * Which models the edge runs, as paths and names only (it travels with the job graph); the sessions
 * behind them are opened on the TaskManager by the operators that use them, in their {@code
 * open()}, shared between the job's subtasks and closed with the last of them.
 *
 * @param sdxlDir an SDXL ONNX export; null runs the project's SDXL stand-ins
 * @param modelsDir the Real-ESRGAN weights folder; null uses the model store's default
 * @param threads intra-op threads per model session
 * @param edgeSr the Real-ESRGAN network in the edge SR slot when no StableSR export is given
 *     (x4plus, the paper's 16.7M model, by default; x4fast keeps small test runs fast)
 * @param stableSrDir a StableSR export (docs/model-contracts.md): the edge SR slot then runs the
 *     diffusion SR of the paper; null runs Real-ESRGAN there
 * @param edgeSrPrecision the Real-ESRGAN graph's precision in the edge SR slot (fp32 by default)
 * @param maxPsnrLossDb the quality budget a reduced precision must meet (measured when opened)
 * @param provider where SDXL and StableSR sessions run (CPU by default)
 */
public record EdgeModelSpec(
    String sdxlDir,
    String modelsDir,
    int threads,
    RealEsrganModel edgeSr,
    String stableSrDir,
    Precision edgeSrPrecision,
    double maxPsnrLossDb,
    ExecutionProvider provider)
    implements Serializable {

  public EdgeModelSpec(String sdxlDir, String modelsDir, int threads, RealEsrganModel edgeSr) {
    this(sdxlDir, modelsDir, threads, edgeSr, null);
  }

  public EdgeModelSpec(
      String sdxlDir, String modelsDir, int threads, RealEsrganModel edgeSr, String stableSrDir) {
    this(
        sdxlDir,
        modelsDir,
        threads,
        edgeSr,
        stableSrDir,
        Precision.FP32,
        QualityBudget.DEFAULT_MAX_PSNR_LOSS_DB,
        ExecutionProvider.CPU);
  }

  public EdgeModelSpec {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    edgeSr = edgeSr == null ? RealEsrganModel.X4PLUS : edgeSr;
    edgeSrPrecision = edgeSrPrecision == null ? Precision.FP32 : edgeSrPrecision;
    provider = provider == null ? ExecutionProvider.CPU : provider;
    if (stableSrDir != null && edgeSrPrecision != Precision.FP32) {
      throw new IllegalArgumentException(
          "a reduced precision ("
              + edgeSrPrecision
              + ") is for "
              + "Real-ESRGAN in the edge SR slot; StableSR runs as exported");
    }
    new QualityBudget(
        maxPsnrLossDb); // validates the budget at the job's start, not on a TaskManager
  }

  /** This spec with the edge SR slot's Real-ESRGAN at {@code p}, within {@code maxPsnrLossDb}. */
  public EdgeModelSpec withEdgeSrPrecision(Precision p, double maxPsnrLossDb) {
    return new EdgeModelSpec(
        sdxlDir, modelsDir, threads, edgeSr, stableSrDir, p, maxPsnrLossDb, provider);
  }

  /** This spec with the edge's sessions (diffusion models and the SR slot) on {@code p}. */
  public EdgeModelSpec withProvider(ExecutionProvider p) {
    return new EdgeModelSpec(
        sdxlDir, modelsDir, threads, edgeSr, stableSrDir, edgeSrPrecision, maxPsnrLossDb, p);
  }

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(EdgeModelSpec.class);

  public static EdgeModelSpec standIns(int threads) {
    return new EdgeModelSpec(null, null, threads, RealEsrganModel.X4PLUS);
  }

  public boolean sdxlIsStandIn() {
    return sdxlDir == null;
  }

  /**
   * The SDXL pipeline: the given export, or the stand-ins (generated on first use). The caller owns
   * it and closes it; its sessions are shared with the other open pipelines of the job.
   */
  public SdxlPipeline openSdxl() {
    Path dir = sdxlDir == null ? StandIns.sdxl() : Path.of(sdxlDir);
    return new SdxlPipeline(SdxlModels.load(dir, SessionCache.shared(provider, threads)));
  }

  /**
   * The edge SR slot. StableSR weights cannot be had here, so the slot runs Real-ESRGAN (x4plus by
   * default) on its real weights, and reports say so through {@link SuperResolver#name()}. The
   * caller owns the runner and closes it.
   */
  public SuperResolver openEdgeSr() {
    if (stableSrDir != null) {
      return new io.hybridsr.inference.stablesr.StableSrUpscaler(
          io.hybridsr.inference.stablesr.StableSrModels.load(
              Path.of(stableSrDir), SessionCache.shared(provider, threads)),
          io.hybridsr.inference.stablesr.StableSrOptions.defaults());
    }
    QualityBudget budget = new QualityBudget(maxPsnrLossDb);
    return budget.open(
        ModelStore.locate(modelsDir == null ? null : Path.of(modelsDir)),
        edgeSr,
        RealEsrganOptions.defaults()
            .withThreads(threads)
            .withPrecision(edgeSrPrecision)
            .withProvider(provider),
        q -> LOG.info("edge SR slot: {}", budget.describe(q)));
  }

  /**
   * The generation runner's identity for the stage models, e.g. {@code sdxl-standin/fp32/cpu/2t}.
   */
  public String generationRunner() {
    String model =
        sdxlDir == null
            ? "sdxl-standin"
            : "sdxl-" + Path.of(sdxlDir).getFileName().toString().replaceAll("[^A-Za-z0-9_-]", "_");
    return io.hybridsr.core.stage.RunnerSet.runnerId(model, "fp32", provider.name(), threads);
  }

  /** The edge SR slot's runner identity, e.g. {@code realesrgan-x4plus/fp32/cpu/2t}. */
  public String edgeSrRunner() {
    String model = stableSrDir != null ? "stablesr" : "realesrgan-" + edgeSr.shortName();
    return io.hybridsr.core.stage.RunnerSet.runnerId(
        model, edgeSrPrecision.id(), provider.name(), threads);
  }

  /** What runs in the edge SR slot, for logs and reports. */
  public String edgeSrDescription() {
    return stableSrDir != null
        ? "StableSR from " + stableSrDir
        : "Real-ESRGAN "
            + edgeSr.fileStem()
            + (edgeSrPrecision == Precision.FP32 ? "" : " (" + edgeSrPrecision.id() + ")")
            + " on its real weights (StableSR weights absent)";
  }

  /** The device slot's model (Real-ESRGAN x4fast), for local runs; the caller closes it. */
  public SuperResolver openDeviceSr() {
    return RealEsrganModels.open(
        ModelStore.locate(modelsDir == null ? null : Path.of(modelsDir)),
        RealEsrganModel.X4FAST,
        RealEsrganOptions.defaults().withThreads(threads));
  }
}
