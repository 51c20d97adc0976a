package io.hybridsr.inference.quant;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves graphs' large initializers into one weights file beside them (ONNX's external data), each
 * distinct tensor once, so graphs holding the same weights share them on disk: an fp32 graph stored
 * in half ({@link Fp16Conversion#storeInHalf}) and its fp16 graph take x4plus's 33 MB once, not 67
 * + 33 MB. ONNX Runtime reads the file by its name, relative to the graph's folder.
 */
public final class ExternalWeights {
  private ExternalWeights() {}

  /** Initializers smaller than this stay in the graph (biases, scales). */
  static final int MIN_BYTES = 1024;

  /** Each tensor starts at a multiple of this, so a reader may map the file page by page. */
  static final int ALIGN = 4096;

  /**
   * {@code graphs} with every raw-data initializer of at least {@link #MIN_BYTES} moved into {@code
   * dir.resolve(fileName)} (written here, replaced if present); the returned graphs are to be
   * written into {@code dir}.
   */
  public static List<ModelProto> share(List<ModelProto> graphs, Path dir, String fileName)
      throws IOException {
    Map<ByteString, long[]> placed = new HashMap<>();
    List<ModelProto> out = new ArrayList<>(graphs.size());
    Path file = dir.resolve(fileName);
    try (OutputStream w = Files.newOutputStream(file)) {
      long[] end = {0};
      for (ModelProto m : graphs) {
        GraphProto.Builder g = m.getGraph().toBuilder().clearInitializer();
        for (TensorProto t : m.getGraph().getInitializerList()) {
          ByteString raw = t.getRawData();
          if (raw.size() < MIN_BYTES) {
            g.addInitializer(t);
            continue;
          }
          long[] at = placed.get(raw);
          if (at == null) {
            long pad = (ALIGN - end[0] % ALIGN) % ALIGN;
            w.write(new byte[(int) pad]);
            raw.writeTo(w);
            at = new long[] {end[0] + pad, raw.size()};
            end[0] = at[0] + at[1];
            placed.put(raw, at);
          }
          g.addInitializer(
              t.toBuilder()
                  .clearRawData()
                  .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                  .addExternalData(entry("location", fileName))
                  .addExternalData(entry("offset", Long.toString(at[0])))
                  .addExternalData(entry("length", Long.toString(at[1]))));
        }
        out.add(m.toBuilder().setGraph(g).build());
      }
    }
    return out;
  }

  private static StringStringEntryProto entry(String key, String value) {
    return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
  }
}
