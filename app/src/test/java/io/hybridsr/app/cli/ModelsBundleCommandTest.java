package io.hybridsr.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code models bundle} writes what {@code scripts/gpu_check.py} reads: every file the manifest
 * names, with its shape, and graphs that reproduce the bundle's own CPU outputs when opened from
 * the bundle folder (their weights in the shared external file).
 */
class ModelsBundleCommandTest {
  @TempDir Path tmp;

  @Test
  void shouldWriteABundleWhoseGraphsReproduceItsReferenceOutputs() throws Exception {
    Path out = bundle("16,48");
    JsonNode m = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertEquals(1, m.get("models").size());
    JsonNode model = m.get("models").get(0);
    assertEquals("realesrgan-x4fast", model.get("name").asText());
    assertEquals(2 + 8, m.get("inputs").size(), "two timing sizes, eight hold-out crops");
    assertEquals(2 * 8, m.get("references").size(), "fp32 and fp16 outputs of each crop");
    for (JsonNode section : new JsonNode[] {m.get("inputs"), m.get("references")}) {
      for (JsonNode e : section) {
        long floats = 1;
        for (JsonNode d : e.get("shape")) {
          floats *= d.asLong();
        }
        assertEquals(4 * floats, Files.size(out.resolve(e.get("file").asText())), e.toString());
      }
    }
    assertEquals(48, m.get("inputs").get(1).get("shape").get(3).asInt());
    for (JsonNode ref : m.get("references")) {
      String precision = ref.get("precision").asText();
      Path graph = out.resolve(model.get("graphs").get(precision).asText());
      float[] x = read(out.resolve(input(m, ref.get("input").asText()).get("file").asText()));
      JsonNode in = input(m, ref.get("input").asText()).get("shape");
      float[] y = run(graph, x, new long[] {1, 3, in.get(2).asLong(), in.get(3).asLong()});
      assertArrayEquals(read(out.resolve(ref.get("file").asText())), y, ref.toString());
    }
  }

  /** Where Python and numpy are at hand, the script reads the bundle as written. */
  @Test
  void shouldBeReadableByTheGpuCheckScript() throws Exception {
    Path out = bundle("16");
    Path script = Path.of("..", "scripts", "gpu_check.py");
    Assumptions.assumeTrue(pythonWithNumpy(), "python3 with numpy is not installed here");
    Process p =
        new ProcessBuilder("python3", script.toString(), out.toString(), "--check")
            .redirectErrorStream(true)
            .start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), said);
    assertTrue(said.contains("9 inputs, 16 reference outputs, 1 models: readable"), said);
  }

  /** A bundle of x4fast at input sides {@code sizes}, made by the command; it must succeed. */
  private Path bundle(String sizes) {
    Path out = tmp.resolve("bundle");
    SrCommandsTest.Run r =
        SrCommandsTest.run(
            "models",
            "bundle",
            "--out",
            out.toString(),
            "--model",
            "x4fast",
            "--sizes",
            sizes,
            "--threads",
            "2");
    assertEquals(0, r.code(), r.out() + r.err());
    return out;
  }

  private static boolean pythonWithNumpy() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import numpy").start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static JsonNode input(JsonNode m, String name) {
    for (JsonNode i : m.get("inputs")) {
      if (i.get("name").asText().equals(name)) {
        return i;
      }
    }
    throw new AssertionError("no input " + name);
  }

  private static float[] read(Path f) throws Exception {
    byte[] b = Files.readAllBytes(f);
    float[] v = new float[b.length / 4];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }

  private static float[] run(Path graph, float[] x, long[] shape) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(2);
      try (OrtSession s = env.createSession(graph.toString(), o);
          OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape);
          OrtSession.Result r = s.run(Map.of("input", t))) {
        FloatBuffer b = ((OnnxTensor) r.get(0)).getFloatBuffer();
        float[] y = new float[b.remaining()];
        b.get(y);
        return y;
      }
    }
  }
}
