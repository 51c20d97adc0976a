package io.hybridsr.inference.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SharedSessionsTest {
  static final class FakeSession implements AutoCloseable {
    boolean closed;

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void shouldOpenOnceShareAndCloseWithTheLastLease() {
    AtomicInteger opened = new AtomicInteger();
    SharedSessions<String, FakeSession> sessions = new SharedSessions<>();
    SharedSessions.Lease<FakeSession> first =
        sessions.acquire(
            "a",
            k -> {
              opened.incrementAndGet();
              return new FakeSession();
            });
    SharedSessions.Lease<FakeSession> second =
        sessions.acquire(
            "a",
            k -> {
              throw new AssertionError("opened twice");
            });
    FakeSession a = first.get();
    assertSame(a, second.get());
    assertEquals(1, opened.get());
    assertEquals(2, sessions.references("a"));

    first.close();
    first.close(); // a lease releases once, however often it is closed
    assertFalse(a.closed, "the second lease still holds it");
    assertEquals(1, sessions.references("a"));
    assertThrows(IllegalStateException.class, first::get);

    second.close();
    assertTrue(a.closed, "closed with its last lease");
    assertEquals(0, sessions.openSessions());

    try (SharedSessions.Lease<FakeSession> again = sessions.acquire("a", k -> new FakeSession())) {
      assertNotSame(a, again.get(), "opened anew after the last release");
    }
    assertEquals(0, sessions.openSessions());
  }

  @Test
  void shouldLeaveNothingWhenOpeningFails() {
    SharedSessions<String, FakeSession> sessions = new SharedSessions<>();
    assertThrows(
        IllegalStateException.class,
        () ->
            sessions.acquire(
                "a",
                k -> {
                  throw new IllegalStateException("bad model");
                }));
    assertEquals(0, sessions.openSessions());
    SharedSessions.Lease<FakeSession> a = sessions.acquire("a", k -> new FakeSession());
    assertEquals(1, sessions.references("a"));
    a.close();
  }

  @Test
  void shouldCloseEverythingWhenTheHolderIsClosedAndIgnoreLaterReleases() {
    SharedSessions<String, FakeSession> sessions = new SharedSessions<>();
    SharedSessions.Lease<FakeSession> a = sessions.acquire("a", k -> new FakeSession());
    SharedSessions.Lease<FakeSession> b = sessions.acquire("b", k -> new FakeSession());
    sessions.close();
    assertTrue(a.get().closed && b.get().closed);
    a.close();
    SharedSessions.Lease<FakeSession> fresh = sessions.acquire("a", k -> new FakeSession());
    b.close(); // a release from before the holder closed must not touch what was opened after
    assertFalse(fresh.get().closed);
    assertEquals(1, sessions.references("a"));
  }
}
