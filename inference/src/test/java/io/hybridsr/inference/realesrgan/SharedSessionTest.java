package io.hybridsr.inference.realesrgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.store.RealEsrganModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * One session serves several threads at once with the same results as one thread, and closes with
 * the last runner that holds it.
 */
class SharedSessionTest {

  @Test
  void shouldGiveIdenticalOutputsFromConcurrentCallersOnOneSession() throws Exception {
    try (RealEsrganUpscaler sr = TestModels.open(RealEsrganModel.X4FAST);
        RealEsrganUpscaler again = TestModels.open(RealEsrganModel.X4FAST)) {
      assertConcurrentCallsAgree(sr, again);
    }
  }

  @Test
  void shouldCloseTheSessionWithItsLastRunner() {
    var onnx =
        RealEsrganModels.onnx(
            io.hybridsr.inference.store.ModelStore.locate(null).ensure(RealEsrganModel.X4FAST));
    // 3 threads: a key no other test of this JVM holds
    var a = RealEsrganModels.sharedSession(onnx, 3);
    var b = RealEsrganModels.sharedSession(onnx, 3);
    RealEsrganSession first = a.get();
    assertSame(first, b.get(), "one session per file and thread count");
    int open = RealEsrganModels.openSessions();
    a.close();
    assertEquals(open, RealEsrganModels.openSessions(), "still held by b");
    b.close();
    assertEquals(open - 1, RealEsrganModels.openSessions(), "closed with its last holder");
    var c = RealEsrganModels.sharedSession(onnx, 3);
    assertNotSame(first, c.get(), "opened again after the last release");
    assertEquals(open, RealEsrganModels.openSessions());
    c.close();
  }

  private static void assertConcurrentCallsAgree(RealEsrganUpscaler sr, RealEsrganUpscaler again)
      throws Exception {
    ImageTensor in = TestModels.referenceInput();
    ImageTensor expected = sr.upscale(in);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<ImageTensor>> fs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        RealEsrganUpscaler which = i % 2 == 0 ? sr : again;
        fs.add(pool.submit(() -> which.upscale(in)));
      }
      for (Future<ImageTensor> f : fs) {
        assertEquals(expected, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
