package io.hybridsr.inference.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hybridsr.inference.contract.ContractCheck;
import io.hybridsr.inference.contract.ModelContract;
import io.hybridsr.inference.contract.ObservedTensor;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens each model file once per process, checks it against its contract, and shares the session.
 *
 * <p>Sessions of large models cost seconds and gigabytes to create; the SDXL pipeline, StableSR
 * and calibrate may ask for the same file, so they all go through {@link #shared()}. A file whose
 * contract check fails is closed again and never cached. The open-once bookkeeping is
 * {@link KeyedSessionCache}'s; this class adds the contract check and the execution provider.
 *
 * <pre>{@code
 * LoadedModel unet = SessionCache.shared().load(dir.resolve("unet/model.onnx"), SdxlContract.UNET);
 * }</pre>
 */
public final class SessionCache implements AutoCloseable {
  private static SessionCache shared;

  private final ExecutionProvider provider;
  private final KeyedSessionCache<Path, LoadedModel> models = new KeyedSessionCache<>();

  public SessionCache(ExecutionProvider provider) {
    this.provider = provider;
  }

  /**
   * The process-wide cache, on the provider chosen by {@code hybridsr.ep} / {@code HYBRIDSR_EP};
   * created on first use (so a bad setting is reported as such, not as a class-init error) and
   * closed at JVM exit.
   */
  public static synchronized SessionCache shared() {
    if (shared == null) {
      SessionCache c = new SessionCache(ExecutionProvider.fromEnvironment());
      Runtime.getRuntime().addShutdownHook(new Thread(c::close, "hybridsr-session-cache-close"));
      shared = c;
    }
    return shared;
  }

  public ExecutionProvider provider() {
    return provider;
  }

  /** The checked model at {@code file}, opened on first use; a contract mismatch is thrown. */
  public LoadedModel load(Path file, ModelContract contract) {
    Path key = file.toAbsolutePath().normalize();
    LoadedModel m = models.get(key, k -> open(k, contract));
    if (!m.check().contract().equals(contract)) {
      throw new IllegalArgumentException(key + " is already loaded as '" + m.check().contract().model()
          + "', asked for as '" + contract.model() + "'");
    }
    return m;
  }

  /** Opens and checks without caching (for listings); the caller closes the session. */
  public LoadedModel open(Path file, ModelContract contract) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(contract.model() + ": model file not found: " + file);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = provider.sessionOptions()) {
      // By path, not bytes: ONNX Runtime then finds external data (model.onnx_data) beside it.
      OrtSession s = env.createSession(file.toString(), opts);
      ContractCheck check;
      try {
        check = ContractCheck.of(contract,
            ObservedTensor.fromSession(s.getInputInfo()), ObservedTensor.fromSession(s.getOutputInfo()));
        check.orThrow(file.toString());
      } catch (RuntimeException e) {
        s.close();
        throw e;
      }
      return new LoadedModel(file, s, check);
    } catch (OrtException e) {
      throw new IllegalStateException(contract.model() + ": ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    models.close();
  }
}
