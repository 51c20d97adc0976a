package io.hybridsr.inference.ncnn;

import io.hybridsr.inference.quant.Bf16Support;
import io.hybridsr.inference.quant.Fp16Conversion;
import io.hybridsr.inference.quant.Int8Conversion;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.quant.QdqQuantizer;
import io.hybridsr.inference.store.ModelStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Converted ONNX models kept next to their ncnn weights, named by the weights' hash.
 *
 * <p>Why keyed by hash: a changed {@code .param} or {@code .bin} must never reuse an old
 * conversion, and the name alone cannot tell. Conversion of x4plus takes a few seconds, so it is
 * done once per weights version. Each precision has its own file: the int8 graph (calibrated on the
 * project's crops, about 1 s for x4fast and 12-30 s for x4plus on 2 cores) and the fp16 one (for
 * GPUs) are written beside the fp32 one; bf16 is refused with ONNX Runtime's reason ({@link
 * Bf16Support}).
 */
public final class ConvertedModelCache {
  private ConvertedModelCache() {}

  /** The cached fp32 ONNX file for these weights, converting on a miss; written atomically. */
  public static Path onnxFor(Path param, Path bin) throws NcnnFormatException {
    return onnxFor(param, bin, Precision.FP32);
  }

  /**
   * The cached ONNX file of {@code precision} for these weights, converting (and for int8
   * calibrating) on a miss; written atomically. bf16 throws {@link Bf16Support#refusal()}.
   */
  public static Path onnxFor(Path param, Path bin, Precision precision) throws NcnnFormatException {
    if (precision == Precision.BF16) {
      throw Bf16Support.refusal();
    }
    Path target = cachedPath(param, bin, precision);
    if (Files.isRegularFile(target)) {
      return target;
    }
    synchronized (ConvertedModelCache.class) {
      if (Files.isRegularFile(target)) {
        return target;
      }
      NcnnToOnnxConverter.Result r = NcnnToOnnxConverter.convert(param, bin);
      if (precision == Precision.INT8) {
        r =
            new NcnnToOnnxConverter.Result(
                Int8Conversion.convert(r.model(), Runtime.getRuntime().availableProcessors()),
                r.stats());
      } else if (precision == Precision.FP16) {
        r = new NcnnToOnnxConverter.Result(Fp16Conversion.convert(r.model()), r.stats());
      }
      write(r, target);
      return target;
    }
  }

  /**
   * Where the conversion of these weights lives: {@code <stem>-<16 hex of
   * sha256>[-fold][-bprelu].onnx} (the suffixes mark concatenations folded into convolutions and
   * PReLU written for the blocked layout).
   */
  public static Path cachedPath(Path param, Path bin) {
    return cachedPath(param, bin, Precision.FP32);
  }

  /**
   * Where the conversion of these weights at {@code precision} lives: fp32 as above; int8 adds
   * {@code -int8-q<version>} (the quantiser's {@link QdqQuantizer#VERSION}, so a changed quantiser
   * or calibration set never reuses an old graph), fp16 {@code -fp16}.
   */
  public static Path cachedPath(Path param, Path bin, Precision precision) {
    String key = ModelStore.sha256(param).substring(0, 8) + ModelStore.sha256(bin).substring(0, 8);
    String stem = param.getFileName().toString().replaceFirst("\\.param$", "");
    String layout =
        (NcnnToOnnxConverter.DEFAULT_FOLD_CONCAT ? "-fold" : "")
            + (NcnnToOnnxConverter.DEFAULT_BLOCKED_PRELU ? "-bprelu" : "");
    String variant =
        switch (precision) {
          case FP32 -> "";
          case INT8 -> "-int8-q" + QdqQuantizer.VERSION;
          case FP16 -> "-fp16";
          case BF16 -> "-bf16";
        };
    return param
        .toAbsolutePath()
        .getParent()
        .resolve(stem + "-" + key + layout + variant + ".onnx");
  }

  static void write(NcnnToOnnxConverter.Result r, Path target) throws NcnnFormatException {
    Path tmp = null;
    try {
      tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        r.model().writeTo(out);
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new NcnnFormatException(target, "cannot write the converted model: " + e.getMessage());
    } finally {
      if (tmp != null) {
        tmp.toFile().delete();
      }
    }
  }
}
