package io.hybridsr.inference.onnx;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Opens one session per key, shares it between the users that {@link #acquire acquire} it, and
 * closes it when the last of them {@link Lease#close() releases} it.
 *
 * <p>Why reference counts and not a process-wide cache: a Flink TaskManager runs job after job in
 * one JVM. Sessions held until JVM exit would keep every cancelled job's models (gigabytes of
 * native memory) and class loader alive. Here each operator acquires in {@code open()} and releases
 * in {@code close()}, so a cancelled job's sessions close with its last operator, while the
 * subtasks of one job still share one session per model.
 *
 * <p>Opening happens under the holder's lock: two users asking for the same key at once open it
 * once, and large models are not opened side by side (each costs seconds and gigabytes). An opener
 * that throws leaves nothing behind.
 *
 * <pre>{@code
 * SharedSessions<Path, MySession> sessions = new SharedSessions<>();
 * try (SharedSessions.Lease<MySession> s = sessions.acquire(file, f -> MySession.open(f))) {
 *   s.get().run(...);
 * } // closed here if nobody else holds it
 * }</pre>
 *
 * @param <K> what tells two sessions apart (a file, or a file and its options)
 * @param <S> the session
 */
public final class SharedSessions<K, S extends AutoCloseable> implements AutoCloseable {
  private static final class Entry<S> {
    final S session;
    int references;

    Entry(S session) {
      this.session = session;
    }
  }

  private final Map<K, Entry<S>> entries = new HashMap<>(); // guarded by this

  /** One user's hold on a shared session; closing it releases that hold once. */
  public static final class Lease<S> implements AutoCloseable {
    private final S session;
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    private Lease(S session, Runnable release) {
      this.session = session;
      this.release = release;
    }

    public S get() {
      if (released.get()) {
        throw new IllegalStateException("this lease on " + session + " was released");
      }
      return session;
    }

    /** Releases this hold; further calls do nothing. */
    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        release.run();
      }
    }
  }

  /** The session of {@code key}, opened with {@code open} if none is open, held until released. */
  public synchronized Lease<S> acquire(K key, Function<? super K, ? extends S> open) {
    Entry<S> e = entries.get(key);
    if (e == null) {
      e = new Entry<>(open.apply(key));
      entries.put(key, e);
    }
    e.references++;
    Entry<S> held = e;
    return new Lease<>(e.session, () -> release(key, held));
  }

  private synchronized void release(K key, Entry<S> held) {
    if (entries.get(key) != held || --held.references > 0) {
      return; // closed already with the holder, or others still hold it
    }
    entries.remove(key);
    closeQuietly(held.session);
  }

  /** Sessions open now (each held by at least one lease). */
  public synchronized int openSessions() {
    return entries.size();
  }

  /** How many leases hold the session of {@code key} (0 when it is not open). */
  public synchronized int references(K key) {
    Entry<S> e = entries.get(key);
    return e == null ? 0 : e.references;
  }

  /**
   * Closes every session whatever its leases: for the holder's owner at its own end (a test's
   * holder, a command's); later releases of those leases do nothing.
   */
  @Override
  public synchronized void close() {
    for (Entry<S> e : entries.values()) {
      closeQuietly(e.session);
    }
    entries.clear();
  }

  private static void closeQuietly(AutoCloseable s) {
    try {
      s.close();
    } catch (Exception ignored) {
      // A session that fails to close has nothing left to give back; the others must still close.
    }
  }
}
