package io.hybridsr.inference.sdxl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.contract.ElementType;
import io.hybridsr.inference.contract.SdxlContract;
import io.hybridsr.inference.onnx.ExecutionProvider;
import io.hybridsr.inference.onnx.LoadedModel;
import io.hybridsr.inference.onnx.OnnxGraphBuilder;
import io.hybridsr.inference.onnx.SessionCache;
import io.hybridsr.inference.onnx.ToyDecoders;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A float16 export is detected from its contract check and fed and read in float16. */
class VaeDecodingFp16Test {
  @TempDir Path dir;

  @Test
  void shouldDetectFloat16AndDecodeThroughIt() throws Exception {
    // A known decoder: 8x nearest upsampling of latent channels 0..2, in float16 at its boundary.
    OnnxGraphBuilder b = new OnnxGraphBuilder("vae_decoder_fp16");
    b.input("latent_sample", DataType.FLOAT16, "batch_size", 4L, "latent_height", "latent_width");
    String f =
        b.op("Cast", new String[] {"latent_sample"}, b.attrInt("to", DataType.FLOAT.getNumber()));
    String rgb = ToyDecoders.upsampleToRgb(b, f);
    b.node(
        "Cast",
        new String[] {rgb},
        new String[] {"sample"},
        b.attrInt("to", DataType.FLOAT16.getNumber()));
    b.output("sample", DataType.FLOAT16, "batch_size", 3L, "height", "width");
    Path file = dir.resolve("vae_decoder/model.onnx");
    b.write(file);

    try (SessionCache cache = new SessionCache(ExecutionProvider.CPU)) {
      LoadedModel vae = cache.load(file, SdxlContract.VAE_DECODER).get();
      assertEquals(ElementType.FLOAT16, vae.precision());
      ImageTensor latent = new ImageTensor(4, 2, 3);
      for (int i = 0; i < latent.data().length; i++) {
        latent.data()[i] = (i % 7 - 3) * 0.02f;
      }
      ImageTensor img = VaeDecoding.decode(vae, latent, SdxlContract.VAE_SCALING_FACTOR);
      assertEquals("3x16x24", img.shape());
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 16; y++) {
          for (int x = 0; x < 24; x++) {
            float z = latent.get(c, y / 8, x / 8) / SdxlContract.VAE_SCALING_FACTOR;
            float want = Math.max(0, Math.min(1, z * 0.5f + 0.5f));
            assertEquals(want, img.get(c, y, x), 2e-3f);
          }
        }
      }
    }
  }
}
