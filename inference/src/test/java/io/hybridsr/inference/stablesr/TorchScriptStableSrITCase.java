package io.hybridsr.inference.stablesr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.onnx.ExecutionProvider;
import io.hybridsr.inference.onnx.SessionCache;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * StableSR with TorchScript components on DJL's PyTorch engine. Needs a folder of TorchScript
 * components ({@code -Dhybridsr.torchscript.dir=DIR}) and the native library on the classpath
 * ({@code -Pcpu,djl-native}); skipped otherwise, since neither can be made by the build itself.
 */
@EnabledIfSystemProperty(named = "hybridsr.torchscript.dir", matches = ".+")
class TorchScriptStableSrITCase {

  @Test
  void shouldUpscaleWithTorchScriptComponents() {
    Path dir = Path.of(System.getProperty("hybridsr.torchscript.dir"));
    try (SessionCache cache = new SessionCache(ExecutionProvider.CPU);
        StableSrModels models = StableSrModels.load(dir, cache)) {
      assertTrue(models.unet().describe().startsWith("torchscript"), models.unet().describe());
      ImageTensor in = new ImageTensor(3, 12, 16);
      for (int i = 0; i < in.data().length; i++) {
        in.data()[i] = (i % 17) / 17f;
      }
      StableSrUpscaler sr =
          new StableSrUpscaler(models, StableSrOptions.defaults().withSteps(2).withTiles(8, 4));
      ImageTensor out = sr.upscale(in);
      assertEquals("3x48x64", out.shape());
      ImageTensor again = sr.upscale(in);
      assertEquals(out, again);
    }
  }
}
