package io.hybridsr.inference.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hybridsr.inference.contract.ContractCheck;
import io.hybridsr.inference.contract.ModelContract;
import io.hybridsr.inference.contract.ObservedTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Opens each model file once, checks it against its contract, and shares the session between the
 * users that hold a {@link SharedSessions.Lease lease} on it; the last release closes it.
 *
 * <p>Sessions of large models cost seconds and gigabytes to create; the SDXL pipeline, StableSR and
 * calibrate may ask for the same file, and the subtasks of one Flink job each open the same models,
 * so they go through {@link #shared}. A file whose contract check fails is closed again and never
 * shared. The reference counting is {@link SharedSessions}'s; this class adds the contract check
 * and the execution provider.
 *
 * <pre>{@code
 * try (SharedSessions.Lease<LoadedModel> unet =
 *     SessionCache.shared(ExecutionProvider.CPU).load(dir.resolve("unet/model.onnx"), SdxlContract.UNET)) {
 *   unet.get().session().run(...);
 * }
 * }</pre>
 */
public final class SessionCache implements AutoCloseable {
  // One holder per provider and thread count, so that a CPU and a CUDA user of one file, or a
  // 1-thread and a 2-thread one, never share a session. Holders hold nothing but leased sessions:
  // there is nothing to close at JVM exit.
  private static final Map<Key, SessionCache> SHARED = new HashMap<>();

  private record Key(ExecutionProvider provider, int intraOpThreads) {}

  private final ExecutionProvider provider;
  private final int intraOpThreads;
  private final SharedSessions<Path, LoadedModel> models = new SharedSessions<>();

  /** A holder whose sessions use ONNX Runtime's default threads. */
  public SessionCache(ExecutionProvider provider) {
    this(provider, 0);
  }

  /** A holder whose sessions use {@code intraOpThreads} threads per operator (0: the default). */
  public SessionCache(ExecutionProvider provider, int intraOpThreads) {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intra-op threads must be >= 0, got " + intraOpThreads);
    }
    this.provider = provider;
    this.intraOpThreads = intraOpThreads;
  }

  /**
   * The holder shared by every user of {@code provider} with ONNX Runtime's default threads in this
   * class loader (one Flink job).
   */
  public static SessionCache shared(ExecutionProvider provider) {
    return shared(provider, 0);
  }

  /**
   * The holder shared by every user of {@code provider} at {@code intraOpThreads} threads (0: the
   * default) in this class loader.
   */
  public static SessionCache shared(ExecutionProvider provider, int intraOpThreads) {
    synchronized (SHARED) {
      return SHARED.computeIfAbsent(
          new Key(provider, intraOpThreads),
          k -> new SessionCache(k.provider(), k.intraOpThreads()));
    }
  }

  public ExecutionProvider provider() {
    return provider;
  }

  /** Threads per operator of this holder's sessions; 0 is ONNX Runtime's default. */
  public int intraOpThreads() {
    return intraOpThreads;
  }

  /**
   * A hold on the checked model at {@code file}, opened if nobody holds it; a contract mismatch is
   * thrown. Close the lease when done: the session closes with its last lease.
   */
  public SharedSessions.Lease<LoadedModel> load(Path file, ModelContract contract) {
    Path key = file.toAbsolutePath().normalize();
    SharedSessions.Lease<LoadedModel> lease = models.acquire(key, k -> open(k, contract));
    if (!lease.get().check().contract().equals(contract)) {
      String loadedAs = lease.get().check().contract().model();
      lease.close();
      throw new IllegalArgumentException(
          key
              + " is already loaded as '"
              + loadedAs
              + "', asked for as '"
              + contract.model()
              + "'");
    }
    return lease;
  }

  /** Model sessions open now, held by at least one lease. */
  public int openSessions() {
    return models.openSessions();
  }

  /** Opens and checks without sharing (for listings); the caller closes the session. */
  public LoadedModel open(Path file, ModelContract contract) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(contract.model() + ": model file not found: " + file);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = provider.sessionOptions(intraOpThreads)) {
      // By path, not bytes: ONNX Runtime then finds external data (model.onnx_data) beside it.
      OrtSession s = env.createSession(file.toString(), opts);
      ContractCheck check;
      try {
        check =
            ContractCheck.of(
                contract,
                ObservedTensor.fromSession(s.getInputInfo()),
                ObservedTensor.fromSession(s.getOutputInfo()));
        check.orThrow(file.toString());
      } catch (RuntimeException e) {
        s.close();
        throw e;
      }
      return new LoadedModel(file, s, check);
    } catch (OrtException e) {
      throw new IllegalStateException(
          contract.model() + ": ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
    }
  }

  /** Closes every session of this holder, leased or not: for a holder's owner at its end. */
  @Override
  public void close() {
    models.close();
  }
}
