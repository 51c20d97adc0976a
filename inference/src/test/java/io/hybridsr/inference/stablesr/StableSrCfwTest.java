package io.hybridsr.inference.stablesr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.contract.StableSrContract;
import io.hybridsr.inference.onnx.ExecutionProvider;
import io.hybridsr.inference.onnx.OnnxGraphBuilder;
import io.hybridsr.inference.onnx.SessionCache;
import io.hybridsr.inference.onnx.ToyDecoders;
import io.hybridsr.inference.standin.StandIns;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export whose vae_encoder gives CFW's {@code enc_fea.0} and whose vae_decoder takes it with
 * {@code dec_w} decodes with CFW at the reference's weight 0.5, and the runner says so.
 */
class StableSrCfwTest {
  @TempDir Path dir;

  /** latent = 1x1 conv of 8x8 average pooling; enc_fea.0 = 2x2 average pooling of the input. */
  static void writeCfwEncoder(Path file) throws Exception {
    OnnxGraphBuilder b = new OnnxGraphBuilder("vae_encoder_cfw");
    b.input("sample", DataType.FLOAT, "batch_size", 3L, "height", "width");
    String pooled =
        b.op(
            "AveragePool",
            new String[] {"sample"},
            b.attrInts("kernel_shape", 8, 8),
            b.attrInts("strides", 8, 8));
    float[] w = new float[4 * 3];
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.1f * (i % 5);
    }
    b.node(
        "Conv",
        new String[] {pooled, b.initializer("w", new long[] {4, 3, 1, 1}, w)},
        new String[] {"latent_sample"});
    b.node(
        "AveragePool",
        new String[] {"sample"},
        new String[] {"enc_fea.0"},
        b.attrInts("kernel_shape", 2, 2),
        b.attrInts("strides", 2, 2));
    b.output("latent_sample", DataType.FLOAT, "batch_size", 4L, "lh", "lw");
    b.output("enc_fea.0", DataType.FLOAT, "batch_size", 3L, "fh", "fw");
    b.write(file);
  }

  /** sample = pick(8x upsampled latent) + dec_w * (2x upsampled enc_fea.0). */
  static void writeCfwDecoder(Path file) throws Exception {
    OnnxGraphBuilder b = new OnnxGraphBuilder("vae_decoder_cfw");
    b.input("latent_sample", DataType.FLOAT, "batch_size", 4L, "latent_height", "latent_width");
    b.input("enc_fea.0", DataType.FLOAT, "batch_size", 3L, "fh", "fw");
    b.input("dec_w", DataType.FLOAT);
    String rgb = ToyDecoders.upsampleToRgb(b, "latent_sample");
    String fea =
        b.op(
            "Resize",
            new String[] {
              "enc_fea.0", "", b.initializer("s2", new long[] {4}, new float[] {1, 1, 2, 2})
            },
            b.attrString("mode", "nearest"));
    String fused = b.op("Mul", new String[] {fea, "dec_w"});
    b.node("Add", new String[] {rgb, fused}, new String[] {"sample"});
    b.output("sample", DataType.FLOAT, "batch_size", 3L, "height", "width");
    b.write(file);
  }

  @Test
  void shouldDecodeWithCfwWhenTheExportHasIt() throws Exception {
    StandIns.writeStableSr(dir);
    writeCfwEncoder(StableSrModels.file(dir, StableSrContract.VAE_ENCODER));
    writeCfwDecoder(StableSrModels.file(dir, StableSrContract.VAE_DECODER));
    try (SessionCache cache = new SessionCache(ExecutionProvider.CPU)) {
      StableSrModels models = StableSrModels.load(dir, cache);
      StableSrUpscaler sr =
          new StableSrUpscaler(models, StableSrOptions.defaults().withSteps(1).withInputSize(0));
      assertTrue(sr.cfw());
      assertEquals("stablesr (stand-in, CFW dec_w 0.5)", sr.name());

      ImageTensor rgb = new ImageTensor(3, 16, 16);
      for (int i = 0; i < rgb.data().length; i++) {
        rgb.data()[i] = 0.2f + 0.6f * ((i * 7) % 16) / 16f;
      }
      Map<String, ComponentTensor> enc = sr.encodeAll(rgb);
      assertTrue(enc.containsKey("enc_fea.0"), enc.keySet().toString());
      ImageTensor latent = new ImageTensor(4, 2, 2);
      ImageTensor fused = sr.decode(latent, enc);
      // zero latent: the plain path would give 0 -> 0.5 everywhere; CFW adds 0.5 * features
      float[] fea = enc.get("enc_fea.0").data(); // [1, 3, 8, 8], in [-1, 1]
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < 16; y++) {
          for (int x = 0; x < 16; x++) {
            float want =
                Math.max(0, Math.min(1, 0.5f * fea[(c * 8 + y / 2) * 8 + x / 2] * 0.5f + 0.5f));
            assertEquals(want, fused.get(c, y, x), 1e-6f);
          }
        }
      }
      ImageTensor out = sr.upscale(rgb);
      assertEquals("3x64x64", out.shape());
    }
  }
}
