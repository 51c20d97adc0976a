package io.hybridsr.inference.sdxl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The SDXL reference data in {@code src/test/resources/sdxl-reference/} (see its README.md and
 * NOTICE): a tiny random-weight SDXL exported in Optimum's ONNX layout, and diffusers' 0.25.1
 * intermediates for it. Arrays are raw little-endian, C order.
 */
public final class ReferenceData {
  private ReferenceData() {}

  public static Path root() {
    try {
      return Path.of(ReferenceData.class.getResource("/sdxl-reference/README.md").toURI())
          .getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The ONNX export (Optimum >= 1.24 form: rank-0 float32 timestep, int64 input ids). */
  public static Path export() {
    return root().resolve("onnx");
  }

  /** One pipeline run of diffusers: {@code case.json} and its arrays. */
  public record Case(String id, Path dir, JsonNode json) {
    public static Case load(String id) {
      Path dir = root().resolve("cases").resolve(id);
      try {
        return new Case(id, dir, new ObjectMapper().readTree(dir.resolve("case.json").toFile()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public boolean has(String name) {
      return Files.isRegularFile(dir.resolve(name + ".f32"))
          || Files.isRegularFile(dir.resolve(name + ".i64"));
    }

    public float[] floats(String name) {
      ByteBuffer b = bytes(name + ".f32");
      float[] out = new float[b.remaining() / 4];
      b.asFloatBuffer().get(out);
      return out;
    }

    public int[] ints(String name) {
      ByteBuffer b = bytes(name + ".i64");
      int[] out = new int[b.remaining() / 8];
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.toIntExact(b.getLong(8 * i));
      }
      return out;
    }

    private ByteBuffer bytes(String file) {
      try {
        return ByteBuffer.wrap(Files.readAllBytes(dir.resolve(file)))
            .order(ByteOrder.LITTLE_ENDIAN);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public JsonNode call() {
      return json.get("pipeline_call");
    }
  }
}
