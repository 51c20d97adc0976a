package io.hybridsr.inference.ncnn;

import io.hybridsr.inference.ncnn.internal.Half;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sequential reader of an ncnn {@code .bin}: tagged weight blocks (float16 or float32) and raw
 * float32 arrays, in graph order.
 *
 * <p>The file has no index, so a wrong size anywhere shifts everything after it; hence the checks
 * on every read and at the end ({@link #requireFullyConsumed()}).
 */
public final class NcnnWeights {
  /** Tag of a float16 block (padded to 4 bytes). */
  public static final int TAG_FP16 = 0x01306B47;

  /** Tag of a plain float32 block. */
  public static final int TAG_FP32 = 0;

  private final Path file;
  private final ByteBuffer buf;

  private NcnnWeights(Path file, ByteBuffer buf) {
    this.file = file;
    this.buf = buf.order(ByteOrder.LITTLE_ENDIAN);
  }

  public static NcnnWeights open(Path file) throws NcnnFormatException {
    try {
      return new NcnnWeights(file, ByteBuffer.wrap(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new NcnnFormatException(file, "cannot read: " + e);
    }
  }

  /** A tagged block of {@code n} values (convolution weights), as float32. */
  public float[] tagged(int n, String layer) throws NcnnFormatException {
    need(4, layer, "weight tag");
    int at = buf.position();
    int tag = buf.getInt();
    if (tag == TAG_FP16) {
      int bytes = (2 * n + 3) / 4 * 4;
      need(bytes, layer, n + " float16 weights");
      float[] out = new float[n];
      for (int i = 0; i < n; i++) {
        out[i] = Half.toFloat(buf.getShort());
      }
      buf.position(buf.position() + (bytes - 2 * n));
      return out;
    }
    if (tag == TAG_FP32) {
      return raw(n, layer);
    }
    throw new NcnnFormatException(
        file,
        String.format(
            "byte %d: layer %s has weight tag 0x%08X; only float16 (0x%08X) and float32 (0) are supported",
            at, layer, tag, TAG_FP16));
  }

  /** {@code n} raw float32 values (biases, PReLU slopes). */
  public float[] raw(int n, String layer) throws NcnnFormatException {
    need(4L * n, layer, n + " float32 values");
    float[] out = new float[n];
    buf.asFloatBuffer().get(out);
    buf.position(buf.position() + 4 * n);
    return out;
  }

  /** Fails unless every byte was read: a longer file belongs to another graph. */
  public void requireFullyConsumed() throws NcnnFormatException {
    if (buf.hasRemaining()) {
      throw new NcnnFormatException(
          file,
          buf.remaining()
              + " bytes left after the last layer's weights (read "
              + buf.position()
              + " of "
              + buf.capacity()
              + "): the .bin does not belong to this .param");
    }
  }

  private void need(long bytes, String layer, String what) throws NcnnFormatException {
    if (buf.remaining() < bytes) {
      throw new NcnnFormatException(
          file,
          "byte "
              + buf.position()
              + ": file ends while reading "
              + what
              + " of layer "
              + layer
              + " (needs "
              + bytes
              + " bytes, "
              + buf.remaining()
              + " left; truncated?)");
    }
  }
}
