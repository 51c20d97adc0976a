package io.hybridsr.inference.ncnn;

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
 * done once per weights version.
 */
public final class ConvertedModelCache {
  private ConvertedModelCache() {}

  /** The cached ONNX file for these weights, converting on a miss; written atomically. */
  public static Path onnxFor(Path param, Path bin) throws NcnnFormatException {
    Path target = cachedPath(param, bin);
    if (Files.isRegularFile(target)) {
      return target;
    }
    synchronized (ConvertedModelCache.class) {
      if (Files.isRegularFile(target)) {
        return target;
      }
      NcnnToOnnxConverter.Result r = NcnnToOnnxConverter.convert(param, bin);
      write(r, target);
      return target;
    }
  }

  /**
   * Where the conversion of these weights lives:
   * {@code <stem>-<16 hex of sha256>[-fold][-bprelu].onnx} (the suffixes mark concatenations
   * folded into convolutions and PReLU written for the blocked layout).
   */
  public static Path cachedPath(Path param, Path bin) {
    String key = ModelStore.sha256(param).substring(0, 8) + ModelStore.sha256(bin).substring(0, 8);
    String stem = param.getFileName().toString().replaceFirst("\\.param$", "");
    String layout = (NcnnToOnnxConverter.DEFAULT_FOLD_CONCAT ? "-fold" : "")
        + (NcnnToOnnxConverter.DEFAULT_BLOCKED_PRELU ? "-bprelu" : "");
    return param.toAbsolutePath().getParent().resolve(stem + "-" + key + layout + ".onnx");
  }

  static void write(NcnnToOnnxConverter.Result r, Path target) throws NcnnFormatException {
    Path tmp = null;
    try {
      tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        r.model().writeTo(out);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
