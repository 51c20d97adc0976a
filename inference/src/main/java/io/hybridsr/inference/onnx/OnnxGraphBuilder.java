package io.hybridsr.inference.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Builds an ONNX model in Java from the ONNX protobuf classes, one node at a time.
 *
 * <p>Used by the ncnn converter (Real-ESRGAN) and by the stand-in generators (SDXL, StableSR), so
 * that every model the project runs is written by one piece of code. Dimensions given as {@code
 * String} become named dynamic axes; {@code Long} become fixed sizes.
 *
 * <pre>{@code
 * OnnxGraphBuilder b = new OnnxGraphBuilder("tiny");
 * b.input("x", TensorProto.DataType.FLOAT, "batch", 3L, "h", "w");
 * String w = b.initializer("w", new long[] {8, 3, 3, 3}, weights);
 * b.node("Conv", new String[] {"x", w}, new String[] {"y"}, b.attrInts("pads", 1, 1, 1, 1));
 * b.output("y", TensorProto.DataType.FLOAT, "batch", 8L, "h", "w");
 * b.write(Path.of("tiny.onnx"));
 * }</pre>
 */
public final class OnnxGraphBuilder {
  /** Opset 17: LayerNormalization, and every op the runners use, with ONNX Runtime 1.28. */
  public static final int OPSET = 17;

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final String producer;
  private int counter;

  public OnnxGraphBuilder(String graphName) {
    this(graphName, "hybridsr");
  }

  public OnnxGraphBuilder(String graphName, String producer) {
    graph.setName(graphName);
    this.producer = producer;
  }

  /** A fresh, unique tensor name with the given prefix. */
  public String fresh(String prefix) {
    return prefix + "_" + (counter++);
  }

  public OnnxGraphBuilder input(String name, TensorProto.DataType type, Object... dims) {
    graph.addInput(valueInfo(name, type, dims));
    return this;
  }

  public OnnxGraphBuilder output(String name, TensorProto.DataType type, Object... dims) {
    graph.addOutput(valueInfo(name, type, dims));
    return this;
  }

  /** A float32 initializer; returns its name. */
  public String initializer(String name, long[] dims, float[] values) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    if (n != values.length) {
      throw new IllegalArgumentException(
          "initializer " + name + ": " + values.length + " values for " + n + " elements");
    }
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT.getNumber())
            .addAllDims(toList(dims))
            .setRawData(com.google.protobuf.ByteString.copyFrom(buf.array())));
    return name;
  }

  /** An int64 initializer (shapes, axes, pads); returns its name. */
  public String initializerLongs(String name, long[] dims, long[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buf.asLongBuffer().put(values);
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64.getNumber())
            .addAllDims(toList(dims))
            .setRawData(com.google.protobuf.ByteString.copyFrom(buf.array())));
    return name;
  }

  /** A 1-D int64 constant, e.g. for Reshape shapes or Unsqueeze axes. */
  public String constLongs(String prefix, long... values) {
    return initializerLongs(fresh(prefix), new long[] {values.length}, values);
  }

  /** A scalar float constant (rank 0). */
  public String constScalar(String prefix, float value) {
    return initializer(fresh(prefix), new long[0], new float[] {value});
  }

  /** Adds a node of the default domain; returns its first output name. */
  public String node(String opType, String[] inputs, String[] outputs, AttributeProto... attrs) {
    NodeProto.Builder n =
        NodeProto.newBuilder().setOpType(opType).setName(fresh(opType.toLowerCase()));
    for (String in : inputs) {
      n.addInput(in);
    }
    for (String out : outputs) {
      n.addOutput(out);
    }
    for (AttributeProto a : attrs) {
      n.addAttribute(a);
    }
    graph.addNode(n);
    return outputs.length == 0 ? null : outputs[0];
  }

  /** A node with one output whose name is generated; returns that name. */
  public String op(String opType, String[] inputs, AttributeProto... attrs) {
    String out = fresh(opType.toLowerCase());
    return node(opType, inputs, new String[] {out}, attrs);
  }

  public AttributeProto attrInt(String name, long v) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(v)
        .build();
  }

  public AttributeProto attrFloat(String name, float v) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(v)
        .build();
  }

  public AttributeProto attrInts(String name, long... v) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }

  public AttributeProto attrString(String name, String v) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(com.google.protobuf.ByteString.copyFromUtf8(v))
        .build();
  }

  public ModelProto build() {
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName(producer)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph)
        .build();
  }

  public byte[] toBytes() {
    return build().toByteArray();
  }

  /** Writes the model atomically: a temporary file beside {@code path}, then a move. */
  public void write(Path path) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, path.getFileName().toString(), ".part");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      build().writeTo(out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String s) {
        dim.setDimParam(s);
      } else if (d instanceof Number num) {
        dim.setDimValue(num.longValue());
      } else {
        throw new IllegalArgumentException("dimension must be a String or a Number: " + d);
      }
      shape.addDim(dim);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
        .build();
  }

  private static java.util.List<Long> toList(long[] dims) {
    java.util.List<Long> l = new java.util.ArrayList<>(dims.length);
    for (long d : dims) {
      l.add(d);
    }
    return l;
  }
}
