package io.hybridsr.inference.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hybridsr.inference.contract.SdxlContract;
import io.hybridsr.inference.sdxl.SdxlModels;
import io.hybridsr.inference.standin.StandIns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session holder opens its models on the thread count it was made for: a runner named {@code
 * .../1t} runs on one thread, not on ONNX Runtime's default of one per core.
 */
class SessionCacheThreadsTest {
  @TempDir Path dir;

  @Test
  void shouldShareOneHolderPerProviderAndThreadCount() {
    SessionCache one = SessionCache.shared(ExecutionProvider.CPU, 1);
    assertSame(one, SessionCache.shared(ExecutionProvider.CPU, 1));
    assertNotSame(one, SessionCache.shared(ExecutionProvider.CPU, 2));
    assertNotSame(one, SessionCache.shared(ExecutionProvider.CPU));
    assertSame(
        SessionCache.shared(ExecutionProvider.CPU), SessionCache.shared(ExecutionProvider.CPU, 0));
    assertEquals(1, one.intraOpThreads());
    assertEquals(0, SessionCache.shared(ExecutionProvider.CPU).intraOpThreads());
  }

  @Test
  void shouldRefuseNegativeThreadCounts() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new SessionCache(ExecutionProvider.CPU, -1));
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }

  @Test
  void shouldStartNoThreadPoolForOneThreadButOneForTheDefault() throws Exception {
    // ONNX Runtime's intra-op pool threads are the process's own: Linux lists them in
    // /proc/self/task. The default starts (cores - 1) of them; one thread starts none.
    assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "needs Linux's /proc");
    assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs 2 cores for a pool");
    StandIns.writeSdxl(dir);
    Path unet = SdxlModels.modelFile(dir, SdxlContract.UNET);
    try (SessionCache warm = new SessionCache(ExecutionProvider.CPU, 1)) {
      // the environment's own threads start with its first session
      warm.load(unet, SdxlContract.UNET).close();
    }
    int before = threads();
    try (SessionCache single = new SessionCache(ExecutionProvider.CPU, 1);
        var lease = single.load(unet, SdxlContract.UNET)) {
      assertEquals(unet, lease.get().path());
      assertEquals(before, threads(), "a 1-thread session started threads");
    }
    try (SessionCache pooled = new SessionCache(ExecutionProvider.CPU);
        var lease = pooled.load(unet, SdxlContract.UNET)) {
      assertEquals(unet, lease.get().path());
      assertTrue(threads() > before, "the default session started no intra-op pool");
    }
  }

  private static int threads() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/task"))) {
      return (int) s.count();
    }
  }
}
