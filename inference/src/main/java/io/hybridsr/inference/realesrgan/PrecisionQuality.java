package io.hybridsr.inference.realesrgan;

import io.hybridsr.core.image.ImageMetrics;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.quant.PhotoCrops;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.util.List;

/**
 * What running a model at a reduced precision costs in quality, measured on the hold-out photo
 * crops ({@link PhotoCrops#HOLD_OUT}): mean PSNR and SSIM against the originals beside fp32's, and
 * the mean PSNR of the precision's output against fp32's.
 *
 * <p>Why measured where it runs: the loss depends on the weights, the calibration and the runtime's
 * integer kernels together, so a device checks the graph it is about to serve rather than trusting
 * a figure from elsewhere. x4fast takes well under a second, x4plus a few seconds.
 *
 * @param precision the precision measured
 * @param psnr mean PSNR (dB) of its output against the originals
 * @param psnrFp32 the same for fp32
 * @param ssim mean SSIM against the originals
 * @param ssimFp32 the same for fp32
 * @param psnrVsFp32 mean PSNR (dB) of its output against fp32's output
 */
public record PrecisionQuality(
    Precision precision,
    double psnr,
    double psnrFp32,
    double ssim,
    double ssimFp32,
    double psnrVsFp32) {

  /** How much PSNR against the originals this precision loses to fp32 (dB; negative = gains). */
  public double psnrLossDb() {
    return psnrFp32 - psnr;
  }

  /**
   * Measures {@code precision} of {@code model} on the hold-out crops with {@code threads} threads.
   */
  public static PrecisionQuality measure(
      ModelStore store, RealEsrganModel model, Precision precision, int threads) {
    RealEsrganOptions o = RealEsrganOptions.defaults().withThreads(threads);
    try (RealEsrganUpscaler fp32 = RealEsrganModels.open(store, model, o);
        RealEsrganUpscaler other =
            RealEsrganModels.open(store, model, o.withPrecision(precision))) {
      return measure(fp32, other, precision);
    }
  }

  private static PrecisionQuality measure(
      RealEsrganUpscaler fp32, RealEsrganUpscaler other, Precision precision) {
    List<PhotoCrops.Crop> crops = PhotoCrops.load(PhotoCrops.HOLD_OUT);
    double p = 0;
    double p32 = 0;
    double s = 0;
    double s32 = 0;
    double vs = 0;
    for (PhotoCrops.Crop c : crops) {
      ImageTensor a = fp32.upscale(c.low());
      ImageTensor b = other.upscale(c.low());
      p += ImageMetrics.psnr(b, c.original());
      p32 += ImageMetrics.psnr(a, c.original());
      s += ImageMetrics.ssim(b, c.original());
      s32 += ImageMetrics.ssim(a, c.original());
      // identical outputs have infinite PSNR: cap at 100 dB so the mean stays a number
      vs += Math.min(100, ImageMetrics.psnr(b, a));
    }
    int n = crops.size();
    return new PrecisionQuality(precision, p / n, p32 / n, s / n, s32 / n, vs / n);
  }
}
