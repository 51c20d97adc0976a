package io.hybridsr.inference.realesrgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.store.RealEsrganModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One session serves several threads at once with the same results as one thread. */
class SharedSessionTest {

  @Test
  void shouldGiveIdenticalOutputsFromConcurrentCallersOnOneSession() throws Exception {
    RealEsrganUpscaler sr = TestModels.open(RealEsrganModel.X4FAST);
    RealEsrganUpscaler again = TestModels.open(RealEsrganModel.X4FAST);
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
    var onnx = RealEsrganModels.onnx(io.hybridsr.inference.store.ModelStore.locate(null).ensure(RealEsrganModel.X4FAST));
    assertSame(RealEsrganModels.sharedSession(onnx, 2), RealEsrganModels.sharedSession(onnx, 2));
  }
}
