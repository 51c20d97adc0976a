package io.hybridsr.inference.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class KeyedSessionCacheTest {
  static final class FakeSession implements AutoCloseable {
    boolean closed;

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void shouldOpenEachKeyOnceAndCloseAllTogether() {
    AtomicInteger opened = new AtomicInteger();
    KeyedSessionCache<String, FakeSession> cache = new KeyedSessionCache<>();
    FakeSession a = cache.get("a", k -> {
      opened.incrementAndGet();
      return new FakeSession();
    });
    assertSame(a, cache.get("a", k -> {
      throw new AssertionError("opened twice");
    }));
    FakeSession b = cache.get("b", k -> {
      opened.incrementAndGet();
      return new FakeSession();
    });
    assertEquals(2, opened.get());
    cache.close();
    assertTrue(a.closed && b.closed);
  }

  @Test
  void shouldCacheNothingWhenOpeningFails() {
    KeyedSessionCache<String, FakeSession> cache = new KeyedSessionCache<>();
    assertThrows(IllegalStateException.class, () -> cache.get("a", k -> {
      throw new IllegalStateException("bad model");
    }));
    FakeSession a = cache.get("a", k -> new FakeSession());
    assertSame(a, cache.get("a", k -> new FakeSession()));
  }
}
