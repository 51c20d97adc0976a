package io.hybridsr.inference.onnx;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Opens one session per key, shares it with every later caller, and closes them all together.
 *
 * <p>The one place that decides "open once, share, close at the end" for ONNX Runtime sessions:
 * {@link SessionCache} keys contract-checked models by file, Real-ESRGAN's runners key their
 * sessions by file and thread count. Hits take no lock; misses open under the cache's lock, so
 * two threads asking for the same key at once open it once, and large models are not opened side
 * by side (each costs seconds and gigabytes). An opener that throws caches nothing.
 *
 * <pre>{@code
 * KeyedSessionCache<Path, LoadedModel> models = new KeyedSessionCache<>();
 * LoadedModel m = models.get(file, f -> open(f));
 * }</pre>
 *
 * @param <K> what tells two sessions apart (a file, or a file and its options)
 * @param <S> the session
 */
public final class KeyedSessionCache<K, S extends AutoCloseable> implements AutoCloseable {
  private final Map<K, S> sessions = new ConcurrentHashMap<>();

  /** A cache that closes its sessions when the JVM exits, on a thread named {@code hookName}. */
  public static <K, S extends AutoCloseable> KeyedSessionCache<K, S> closedAtExit(String hookName) {
    KeyedSessionCache<K, S> c = new KeyedSessionCache<>();
    Runtime.getRuntime().addShutdownHook(new Thread(c::close, hookName));
    return c;
  }

  /** The session of {@code key}, opened with {@code open} if none is open yet. */
  public S get(K key, Function<? super K, ? extends S> open) {
    S s = sessions.get(key);
    if (s != null) {
      return s;
    }
    synchronized (this) {
      s = sessions.get(key);
      if (s == null) {
        s = open.apply(key);
        sessions.put(key, s);
      }
      return s;
    }
  }

  /** Closes every session; the cache is empty afterwards and may open them again. */
  @Override
  public synchronized void close() {
    for (S s : sessions.values()) {
      try {
        s.close();
      } catch (Exception ignored) {
        // Closing at shutdown or teardown: nothing useful to do with a failure.
      }
    }
    sessions.clear();
  }
}
