package io.hybridsr.inference.realesrgan.internal;

import io.hybridsr.inference.realesrgan.RealEsrganSession;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One open session per (model file, thread count) for the whole JVM, closed at exit.
 *
 * <p>A Real-ESRGAN x4plus session holds ~70 MB of weights and takes about a second to
 * optimise; every runner, test and command in the process shares it.
 */
public final class SessionCache {
  private record Key(Path onnx, int threads) {}

  private static final Map<Key, RealEsrganSession> SESSIONS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> SESSIONS.values().forEach(s -> {
      try {
        s.close();
      } catch (RuntimeException ignored) {
        // exiting anyway
      }
    }), "hybridsr-session-close"));
  }

  private SessionCache() {}

  public static RealEsrganSession get(Path onnx, int threads) {
    return SESSIONS.computeIfAbsent(new Key(onnx.toAbsolutePath(), threads), k -> RealEsrganSession.open(k.onnx(), k.threads()));
  }
}
