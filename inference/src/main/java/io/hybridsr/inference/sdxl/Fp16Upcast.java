package io.hybridsr.inference.sdxl;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.platform.Fp16Conversions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Runs an fp16 VAE decoder in float32, as diffusers does for a VAE whose config says {@code
 * force_upcast: true} (SDXL's: its activations exceed float16's 65504 and the image turns to NaN,
 * shown as black): the ONNX graph is rewritten to float32 (float16 initializers, constants, casts,
 * inputs, outputs and value infos) and cached beside the other generated models.
 *
 * <p>A decoder is known fp16-safe when its {@code config.json} says {@code "force_upcast": false}
 * (madebyollin/sdxl-vae-fp16-fix does); it then runs in float16 as exported.
 */
public final class Fp16Upcast {
  private Fp16Upcast() {}

  private static final int FLOAT16 = TensorProto.DataType.FLOAT16.getNumber();
  private static final int FLOAT = TensorProto.DataType.FLOAT.getNumber();

  /**
   * Whether the VAE in {@code componentFolder} is known to be safe in float16: its {@code
   * config.json} (which Optimum exports beside the model) has {@code "force_upcast": false}.
   */
  public static boolean knownFp16Safe(Path componentFolder) {
    Path config = componentFolder.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      return false;
    }
    try {
      JsonNode n = new ObjectMapper().readTree(config.toFile()).get("force_upcast");
      return n != null && n.isBoolean() && !n.booleanValue();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A float32 copy of the float16 model {@code file}, written once into {@code cacheDir} (keyed by
   * the file's path, size and modification time) and reused.
   *
   * @throws IOException if the model keeps its weights in external data files (not supported here)
   */
  public static Path toFloat32(Path file, Path cacheDir) throws IOException {
    String key;
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(
          (file.toAbsolutePath().normalize()
                  + "|"
                  + Files.size(file)
                  + "|"
                  + Files.getLastModifiedTime(file).toMillis())
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      key = HexFormat.of().formatHex(d.digest()).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    Path out = cacheDir.resolve(key).resolve("model.onnx");
    if (Files.isRegularFile(out)) {
      return out;
    }
    ModelProto m = ModelProto.parseFrom(Files.readAllBytes(file));
    ModelProto.Builder b = m.toBuilder();
    b.setGraph(graph(m.getGraph(), file));
    Files.createDirectories(out.getParent());
    Path tmp = Files.createTempFile(out.getParent(), "model", ".onnx.tmp");
    Files.write(tmp, b.build().toByteArray());
    Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return out;
  }

  private static GraphProto graph(GraphProto g, Path file) throws IOException {
    GraphProto.Builder b = g.toBuilder();
    for (int i = 0; i < b.getInitializerCount(); i++) {
      b.setInitializer(i, tensor(b.getInitializer(i), file));
    }
    for (int i = 0; i < b.getInputCount(); i++) {
      b.setInput(i, valueInfo(b.getInput(i)));
    }
    for (int i = 0; i < b.getOutputCount(); i++) {
      b.setOutput(i, valueInfo(b.getOutput(i)));
    }
    for (int i = 0; i < b.getValueInfoCount(); i++) {
      b.setValueInfo(i, valueInfo(b.getValueInfo(i)));
    }
    for (int i = 0; i < b.getNodeCount(); i++) {
      NodeProto n = b.getNode(i);
      NodeProto.Builder nb = n.toBuilder();
      for (int a = 0; a < nb.getAttributeCount(); a++) {
        AttributeProto at = nb.getAttribute(a);
        AttributeProto.Builder ab = at.toBuilder();
        if (n.getOpType().equals("Cast") && at.getName().equals("to") && at.getI() == FLOAT16) {
          ab.setI(FLOAT);
        }
        if (at.hasT()) {
          ab.setT(tensor(at.getT(), file));
        }
        for (int k = 0; k < ab.getTensorsCount(); k++) {
          ab.setTensors(k, tensor(ab.getTensors(k), file));
        }
        if (at.hasG()) {
          ab.setG(graph(at.getG(), file));
        }
        for (int k = 0; k < ab.getGraphsCount(); k++) {
          ab.setGraphs(k, graph(ab.getGraphs(k), file));
        }
        nb.setAttribute(a, ab);
      }
      b.setNode(i, nb);
    }
    return b.build();
  }

  private static ValueInfoProto valueInfo(ValueInfoProto v) {
    if (v.hasType()
        && v.getType().hasTensorType()
        && v.getType().getTensorType().getElemType() == FLOAT16) {
      TypeProto.Builder t = v.getType().toBuilder();
      t.getTensorTypeBuilder().setElemType(FLOAT);
      return v.toBuilder().setType(t).build();
    }
    return v;
  }

  private static TensorProto tensor(TensorProto t, Path file) throws IOException {
    if (t.getDataType() != FLOAT16) {
      return t;
    }
    if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
      throw new IOException(
          file
              + ": float16 weights in external data files cannot be upcast here;"
              + " export the VAE decoder in float32 (or use an fp16-safe VAE)");
    }
    int n;
    short[] half;
    if (!t.getRawData().isEmpty()) {
      ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      n = raw.remaining() / 2;
      half = new short[n];
      raw.asShortBuffer().get(half);
    } else {
      n = t.getInt32DataCount(); // float16 bits, one value per int32
      half = new short[n];
      for (int i = 0; i < n; i++) {
        half[i] = (short) t.getInt32Data(i);
      }
    }
    ByteBuffer out = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (short h : half) {
      out.putFloat(Fp16Conversions.fp16ToFloat(h));
    }
    out.flip();
    return t.toBuilder()
        .setDataType(FLOAT)
        .clearInt32Data()
        .setRawData(ByteString.copyFrom(out))
        .build();
  }
}
