package io.hybridsr.inference.onnx;

/** Pieces of toy decoder graphs for tests: what a VAE decoder's output looks like, cheaply. */
public final class ToyDecoders {
  private ToyDecoders() {}

  /**
   * Upsamples a [n, 4, h, w] float latent 8x (nearest) and keeps its first three channels as RGB:
   * returns the name of the [n, 3, 8h, 8w] result.
   */
  public static String upsampleToRgb(OnnxGraphBuilder b, String latent) {
    String up =
        b.op(
            "Resize",
            new String[] {
              latent, "", b.initializer("toy_scales", new long[] {4}, new float[] {1, 1, 8, 8})
            },
            b.attrString("mode", "nearest"));
    float[] pick = new float[3 * 4];
    pick[0] = 1;
    pick[4 + 1] = 1;
    pick[8 + 2] = 1;
    return b.op(
        "Conv", new String[] {up, b.initializer("toy_pick", new long[] {3, 4, 1, 1}, pick)});
  }
}
