package io.hybridsr.inference.ncnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small ncnn graph with every layer type the Real-ESRGAN graphs use, generated here, converted,
 * run on ONNX Runtime and checked against a plain-Java evaluation of the same arithmetic.
 */
class NcnnToOnnxConverterTest {
  @TempDir Path tmp;

  static final String PARAM =
      String.join(
          "\n",
          "7767517",
          "8 10",
          "Input            in     0 1 data 0=8 1=8 2=3",
          "Split            sp     1 2 data a b",
          "Convolution      conv1  1 1 a c1 0=4 1=3 4=1 5=1 6=108 9=2 -23310=1,2.000000e-01",
          "PReLU            pr     1 1 c1 p1 0=4",
          "Convolution      conv2  1 1 p1 c2 0=12 1=1 5=1 6=48",
          "PixelShuffle     ps     1 1 c2 s1 0=2",
          "Interp           up     1 1 b u1 0=1 1=2.000000e+00 2=2.000000e+00",
          "Eltwise          add    2 1 s1 u1 out 0=1 -23301=2,5.000000e-01,1.000000e+00",
          "");

  final float[] w1 = values(108, 3);
  final float[] b1 = values(4, 5);
  float[] slope = {0.1f, 0.25f, -0.5f, 0.75f};
  boolean fusedLeaky = true;
  final float[] w2 = values(48, 7);
  final float[] b2 = values(12, 11);

  @Test
  void shouldConvertEveryLayerTypeToTheSameArithmeticOnOnnxRuntime() throws Exception {
    Path param = Files.writeString(tmp.resolve("tiny.param"), PARAM);
    Path bin = Files.write(tmp.resolve("tiny.bin"), bin(true, 0));
    NcnnToOnnxConverter.Result r = NcnnToOnnxConverter.convert(param, bin);
    assertEquals(2, r.stats().scale());
    assertEquals(2.0 * (108 + 48), r.stats().flopsPerInputPixel(), 1e-9);
    assertEquals(108 + 4 + 4 + 48 + 12, r.stats().parameters());
    assertRunsLikeTheReference(r);
    assertEquals(r.stats(), NcnnToOnnxConverter.convert(param, bin, true, false).stats());
    assertRunsLikeTheReference(NcnnToOnnxConverter.convert(param, bin, true, false));
  }

  @Test
  void shouldWritePReluForTheBlockedLayoutNegatingChannelsWithSlopesAboveOne() throws Exception {
    // conv1 without a fused activation and two slopes above 1: those channels are negated
    fusedLeaky = false;
    slope = new float[] {0.1f, 1.5f, -0.5f, 2.0f};
    Path param =
        Files.writeString(
            tmp.resolve("plain.param"), PARAM.replace(" 9=2 -23310=1,2.000000e-01", ""));
    Path bin = Files.write(tmp.resolve("plain.bin"), bin(true, 0));

    NcnnToOnnxConverter.Result blocked = NcnnToOnnxConverter.convert(param, bin, true, true);
    assertEquals(0, count(blocked, "PRelu"));
    assertEquals(1, count(blocked, "BatchNormalization"));
    assertRunsLikeTheReference(blocked);

    NcnnToOnnxConverter.Result plain = NcnnToOnnxConverter.convert(param, bin, true, false);
    assertEquals(1, count(plain, "PRelu"));
    assertEquals(0, count(plain, "BatchNormalization"));
    assertRunsLikeTheReference(plain);

    Map<String, float[]> slopes = Map.of("pr", slope);
    BlockedPrelu plan = BlockedPrelu.plan(NcnnGraph.read(param), slopes);
    assertTrue(plan.rewrites("pr"));
    assertEquals(2, plan.negatedChannels());
  }

  @Test
  void shouldKeepPReluWhereNegatingAChannelIsNotSafe() throws Exception {
    // conv1 has a fused activation, so a slope above 1 cannot be handled by negating its output
    slope = new float[] {0.1f, 1.5f, -0.5f, 2.0f};
    Path param = Files.writeString(tmp.resolve("fused.param"), PARAM);
    Path bin = Files.write(tmp.resolve("fused.bin"), bin(true, 0));
    NcnnToOnnxConverter.Result r = NcnnToOnnxConverter.convert(param, bin, true, true);
    assertEquals(1, count(r, "PRelu"));
    assertFalse(BlockedPrelu.plan(NcnnGraph.read(param), Map.of("pr", slope)).rewrites("pr"));
    assertRunsLikeTheReference(r);
  }

  private static long count(NcnnToOnnxConverter.Result r, String op) {
    return r.model().getGraph().getNodeList().stream()
        .filter(n -> n.getOpType().equals(op))
        .count();
  }

  private void assertRunsLikeTheReference(NcnnToOnnxConverter.Result r) throws Exception {
    float[] x = values(3 * 8 * 8, 13);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[] got;
    try (OrtSession s =
            env.createSession(r.model().toByteArray(), new OrtSession.SessionOptions());
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), new long[] {1, 3, 8, 8});
        OrtSession.Result out = s.run(Map.of(NcnnToOnnxConverter.INPUT, in))) {
      OnnxTensor y = (OnnxTensor) out.get(0);
      assertEquals("[1, 3, 16, 16]", Arrays.toString(y.getInfo().getShape()));
      FloatBuffer fb = y.getFloatBuffer();
      got = new float[fb.remaining()];
      fb.get(got);
    }
    float[] want = reference(x);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 1e-4f, "element " + i);
    }
  }

  @Test
  void shouldRefuseAnUnknownLayerTypeNamingTheLayerAndFile() throws IOException {
    Path param =
        Files.writeString(
            tmp.resolve("odd.param"), PARAM.replace("PixelShuffle     ps", "Deconvolution ps"));
    Path bin = Files.write(tmp.resolve("odd.bin"), bin(true, 0));
    var e = assertThrows(NcnnFormatException.class, () -> NcnnToOnnxConverter.convert(param, bin));
    assertTrue(
        e.getMessage().contains("odd.param")
            && e.getMessage().contains("layer 'ps'")
            && e.getMessage().contains("'Deconvolution'"),
        e.getMessage());
  }

  @Test
  void shouldRefuseAParamFileWithoutTheMagicNumber() throws IOException {
    Path param = Files.writeString(tmp.resolve("bad.param"), "hello\n1 1\n");
    var e = assertThrows(NcnnFormatException.class, () -> NcnnGraph.read(param));
    assertTrue(
        e.getMessage().contains("bad.param") && e.getMessage().contains("magic"), e.getMessage());
  }

  @Test
  void shouldRefuseATruncatedParamFile() throws IOException {
    String cut = PARAM.substring(0, PARAM.indexOf("PixelShuffle"));
    Path param = Files.writeString(tmp.resolve("cut.param"), cut);
    var e = assertThrows(NcnnFormatException.class, () -> NcnnGraph.read(param));
    assertTrue(
        e.getMessage().contains("cut.param") && e.getMessage().contains("header promises 8 layers"),
        e.getMessage());
  }

  @Test
  void shouldRefuseAMalformedParameterNamingTheLine() throws IOException {
    Path param =
        Files.writeString(tmp.resolve("kv.param"), PARAM.replace("0=12 1=1", "0=twelve 1=1"));
    var e = assertThrows(NcnnFormatException.class, () -> NcnnGraph.read(param));
    assertTrue(
        e.getMessage().contains("kv.param")
            && e.getMessage().contains("line 7")
            && e.getMessage().contains("0=twelve"),
        e.getMessage());
  }

  @Test
  void shouldRefuseABinaryFileGivenAsParam() throws IOException {
    Path param =
        Files.write(
            tmp.resolve("weights.param"),
            new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3, 0x28});
    var e = assertThrows(NcnnFormatException.class, () -> NcnnGraph.read(param));
    assertTrue(e.getMessage().contains("weights.param"), e.getMessage());
  }

  @Test
  void shouldRefuseATruncatedBinNamingTheLayer() throws IOException {
    Path param = Files.writeString(tmp.resolve("m.param"), PARAM);
    byte[] full = bin(true, 0);
    Path bin = Files.write(tmp.resolve("m.bin"), Arrays.copyOf(full, full.length - 20));
    var e = assertThrows(NcnnFormatException.class, () -> NcnnToOnnxConverter.convert(param, bin));
    assertTrue(
        e.getMessage().contains("m.bin")
            && e.getMessage().contains("file ends")
            && e.getMessage().contains("conv2"),
        e.getMessage());
  }

  @Test
  void shouldRefuseABinWithBytesLeftOver() throws IOException {
    Path param = Files.writeString(tmp.resolve("m.param"), PARAM);
    Path bin = Files.write(tmp.resolve("long.bin"), bin(true, 8));
    var e = assertThrows(NcnnFormatException.class, () -> NcnnToOnnxConverter.convert(param, bin));
    assertTrue(
        e.getMessage().contains("long.bin") && e.getMessage().contains("8 bytes left"),
        e.getMessage());
  }

  @Test
  void shouldRefuseAnUnknownWeightTag() throws IOException {
    Path param = Files.writeString(tmp.resolve("m.param"), PARAM);
    byte[] b = bin(true, 0);
    b[0] = 0x38; // int8 tag 0x000D4B38 territory: not float16/float32
    b[1] = 0x4B;
    b[2] = 0x0D;
    b[3] = 0x00;
    Path bin = Files.write(tmp.resolve("tag.bin"), b);
    var e = assertThrows(NcnnFormatException.class, () -> NcnnToOnnxConverter.convert(param, bin));
    assertTrue(
        e.getMessage().contains("tag.bin")
            && e.getMessage().contains("weight tag 0x000D4B38")
            && e.getMessage().contains("conv1"),
        e.getMessage());
  }

  /** conv1 as float16 (tagged), its bias, the PReLU slopes, conv2 as float32 (tag 0), its bias. */
  private byte[] bin(boolean fp16First, int extra) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer b = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(NcnnWeights.TAG_FP16);
    for (float v : w1) {
      b.putShort(toHalf(v));
    }
    // 108 halves = 216 bytes: already a multiple of 4
    for (float v : b1) {
      b.putFloat(v);
    }
    for (float v : slope) {
      b.putFloat(v);
    }
    b.putInt(NcnnWeights.TAG_FP32);
    for (float v : w2) {
      b.putFloat(v);
    }
    for (float v : b2) {
      b.putFloat(v);
    }
    for (int i = 0; i < extra; i++) {
      b.put((byte) 0);
    }
    out.write(b.array(), 0, b.position());
    return out.toByteArray();
  }

  private float[] reference(float[] x) {
    int h = 8;
    int w = 8;
    float[] c1 = new float[4 * h * w];
    for (int o = 0; o < 4; o++) {
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          double acc = b1[o];
          for (int i = 0; i < 3; i++) {
            for (int ky = 0; ky < 3; ky++) {
              for (int kx = 0; kx < 3; kx++) {
                int sy = y + ky - 1;
                int sx = xx + kx - 1;
                if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
                  acc += w1[((o * 3 + i) * 3 + ky) * 3 + kx] * x[(i * h + sy) * w + sx];
                }
              }
            }
          }
          float v = (float) acc;
          v = fusedLeaky && v < 0 ? 0.2f * v : v; // fused LeakyReLU
          v = v < 0 ? slope[o] * v : v; // PReLU
          c1[(o * h + y) * w + xx] = v;
        }
      }
    }
    float[] c2 = new float[12 * h * w];
    for (int o = 0; o < 12; o++) {
      for (int p = 0; p < h * w; p++) {
        double acc = b2[o];
        for (int i = 0; i < 4; i++) {
          acc += w2[o * 4 + i] * c1[i * h * w + p];
        }
        c2[o * h * w + p] = (float) acc;
      }
    }
    float[] out = new float[3 * 16 * 16];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 16; y++) {
        for (int xx = 0; xx < 16; xx++) {
          // PyTorch pixel_shuffle: channel c*4 + (y%2)*2 + (x%2) at (y/2, x/2)
          float s = c2[((c * 4 + (y % 2) * 2 + (xx % 2)) * h + y / 2) * w + xx / 2];
          float u = x[(c * h + y / 2) * w + xx / 2]; // nearest x2
          out[(c * 16 + y) * 16 + xx] = 0.5f * s + u;
        }
      }
    }
    return out;
  }

  /** Values k/32 for small k: exact in float16, so the reference sees the same weights. */
  private static float[] values(int n, int seed) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (((i * seed + 7) % 17) - 8) / 32f;
    }
    return v;
  }

  private static short toHalf(float f) {
    if (f == 0f) {
      return 0;
    }
    int bits = Float.floatToIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = ((bits >>> 23) & 0xff) - 127 + 15;
    int mant = (bits >>> 13) & 0x3ff;
    return (short) (sign | (exp << 10) | mant);
  }
}
