package io.hybridsr.inference.sdxl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import ai.onnxruntime.platform.Fp16Conversions;
import com.google.protobuf.ByteString;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.contract.ElementType;
import io.hybridsr.inference.contract.SdxlContract;
import io.hybridsr.inference.onnx.ExecutionProvider;
import io.hybridsr.inference.onnx.LoadedModel;
import io.hybridsr.inference.onnx.OnnxGraphBuilder;
import io.hybridsr.inference.onnx.SessionCache;
import io.hybridsr.inference.onnx.ToyDecoders;
import io.hybridsr.inference.standin.StandIns;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An fp16 VAE decoder that overflows in float16 (as SDXL's does): loaded through the SDXL loader it
 * is upcast to float32 and decodes correctly; marked fp16-safe it runs in float16, and its
 * non-finite output is an error with the reason, not a black image.
 */
class VaeFp16SafetyTest {
  @TempDir Path dir;
  StandIns.CacheRestore restoreCache;
  SessionCache cache;

  @BeforeEach
  void setUp() {
    restoreCache = StandIns.useCacheRoot(dir.resolve("cache"));
    cache = new SessionCache(ExecutionProvider.CPU);
  }

  @AfterEach
  void tearDown() {
    cache.close();
    restoreCache.close();
  }

  static final float BIAS = 0.25f;

  /**
   * decoder(z) = pick channels 0..2 of 8x-upsampled z, plus a float16 bias of 0.25; on the way z is
   * multiplied by 1e5, cast to float16 (overflowing above 65504), cast back and divided by 1e5:
   * exact in float32, infinite in float16 for |z| > 0.66.
   */
  static void writeOverflowingDecoder(Path file) throws Exception {
    OnnxGraphBuilder b = new OnnxGraphBuilder("vae_decoder_fp16_overflow");
    b.input("latent_sample", DataType.FLOAT16, "batch_size", 4L, "latent_height", "latent_width");
    String f =
        b.op("Cast", new String[] {"latent_sample"}, b.attrInt("to", DataType.FLOAT.getNumber()));
    String big = b.op("Mul", new String[] {f, b.constScalar("up", 1e5f)});
    String half = b.op("Cast", new String[] {big}, b.attrInt("to", DataType.FLOAT16.getNumber()));
    String back = b.op("Cast", new String[] {half}, b.attrInt("to", DataType.FLOAT.getNumber()));
    String z = b.op("Mul", new String[] {back, b.constScalar("down", 1e-5f)});
    String rgb = ToyDecoders.upsampleToRgb(b, z);
    String bias =
        b.op("Cast", new String[] {"bias16"}, b.attrInt("to", DataType.FLOAT.getNumber()));
    String out = b.op("Add", new String[] {rgb, bias});
    b.node(
        "Cast",
        new String[] {out},
        new String[] {"sample"},
        b.attrInt("to", DataType.FLOAT16.getNumber()));
    b.output("sample", DataType.FLOAT16, "batch_size", 3L, "height", "width");
    ModelProto m = b.build();
    ByteBuffer raw =
        ByteBuffer.allocate(2)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putShort(Fp16Conversions.floatToFp16(BIAS));
    TensorProto bias16 =
        TensorProto.newBuilder()
            .setName("bias16")
            .setDataType(DataType.FLOAT16.getNumber())
            .addDims(1)
            .setRawData(ByteString.copyFrom(raw.array()))
            .build();
    m = m.toBuilder().setGraph(m.getGraph().toBuilder().addInitializer(bias16)).build();
    Files.createDirectories(file.getParent());
    Files.write(file, m.toByteArray());
  }

  static ImageTensor latent() {
    ImageTensor latent = new ImageTensor(4, 2, 3);
    for (int i = 0; i < latent.data().length; i++) {
      latent.data()[i] =
          (i % 7 - 3) * 0.05f; // up to 0.15 / 0.13025 = 1.15 after scaling: overflows in fp16
    }
    return latent;
  }

  @Test
  void shouldUpcastAnFp16DecoderNotKnownToBeSafe() throws Exception {
    Path folder = dir.resolve("sdxl");
    writeOverflowingDecoder(SdxlModels.modelFile(folder, SdxlContract.VAE_DECODER));
    LoadedModel vae = SdxlModels.vaeDecoder(folder, cache).get();
    assertEquals(ElementType.FLOAT32, vae.precision(), "upcast to float32");
    assertTrue(vae.path().startsWith(dir.resolve("cache")), vae.path().toString());
    ImageTensor latent = latent();
    ImageTensor img = VaeDecoding.decode(vae, latent, SdxlContract.VAE_SCALING_FACTOR);
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 24; x++) {
          float z = latent.get(c, y / 8, x / 8) / SdxlContract.VAE_SCALING_FACTOR;
          float want = Math.max(0, Math.min(1, (z + BIAS) * 0.5f + 0.5f));
          assertEquals(want, img.get(c, y, x), 1e-5f);
        }
      }
    }
    // The converted file is reused.
    assertEquals(
        vae.path(),
        Fp16Upcast.toFloat32(
            SdxlModels.modelFile(folder, SdxlContract.VAE_DECODER),
            dir.resolve("cache").resolve("fp16-upcast")));
  }

  @Test
  void shouldFailWithTheReasonWhenAnFp16DecoderOverflows() throws Exception {
    Path folder = dir.resolve("sdxl-fp16-fix");
    Path file = SdxlModels.modelFile(folder, SdxlContract.VAE_DECODER);
    writeOverflowingDecoder(file);
    Files.writeString(
        file.getParent().resolve("config.json"),
        "{\"_class_name\": \"AutoencoderKL\", \"force_upcast\": false}");
    assertTrue(Fp16Upcast.knownFp16Safe(file.getParent()));
    LoadedModel vae = SdxlModels.vaeDecoder(folder, cache).get();
    assertEquals(ElementType.FLOAT16, vae.precision(), "declared fp16-safe: run as exported");
    VaeDecoding.NonFiniteOutputException e =
        assertThrows(
            VaeDecoding.NonFiniteOutputException.class,
            () -> VaeDecoding.decode(vae, latent(), SdxlContract.VAE_SCALING_FACTOR));
    assertTrue(
        e.getMessage().contains("non-finite values") && e.getMessage().contains("float16"),
        e.getMessage());
  }
}
