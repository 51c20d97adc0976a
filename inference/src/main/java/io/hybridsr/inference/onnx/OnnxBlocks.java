package io.hybridsr.inference.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.Random;

/**
 * Neural-network building blocks (convolution, linear, group norm, cross-attention, timestep
 * embeddings, residual blocks) written as ONNX nodes through an {@link OnnxGraphBuilder}, with
 * weights drawn from a fixed-seed generator.
 *
 * <p>Kept apart from the builder so that the builder stays a plain graph writer. Every block also
 * adds its multiply-add count to a running tally, measured per pixel of the model's reference
 * input: for convolutional models with a fixed-length text context every cost is linear in the
 * pixel count, so {@code flops(h, w) = perInputPixel * h * w + constant} holds exactly, and the
 * calibration can turn measured seconds into achieved FLOP/s.
 *
 * <pre>{@code
 * OnnxBlocks nn = new OnnxBlocks(builder, 42);
 * String h = nn.conv("sample", 4, 16, 3, 1);
 * h = nn.resBlock(h, temb, 16, 16, 64);
 * }</pre>
 */
public final class OnnxBlocks {
  private final OnnxGraphBuilder b;
  private final Random random;
  private double pixelScale = 1;
  private double flopsPerInputPixel;
  private double flopsConstant;

  public OnnxBlocks(OnnxGraphBuilder builder, long seed) {
    this.b = builder;
    this.random = new Random(seed);
  }

  public OnnxGraphBuilder builder() {
    return b;
  }

  /** Tells the tally that the feature maps now have {@code scale} times the input pixel count. */
  public void atPixelScale(double scale) {
    this.pixelScale = scale;
  }

  public double pixelScale() {
    return pixelScale;
  }

  /** FLOPs per pixel of the reference input, summed over the blocks written so far. */
  public double flopsPerInputPixel() {
    return flopsPerInputPixel;
  }

  /** FLOPs that do not depend on the image size (text encoders, embeddings). */
  public double flopsConstant() {
    return flopsConstant;
  }

  /** Adds FLOPs counted per feature-map pixel at the current pixel scale. */
  public void countPerPixel(double flops) {
    flopsPerInputPixel += flops * pixelScale;
  }

  public void countConstant(double flops) {
    flopsConstant += flops;
  }

  /** A float initializer of Gaussian values with standard deviation {@code std}. */
  public String weight(String prefix, long[] dims, double std) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    float[] v = new float[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) (random.nextGaussian() * std);
    }
    return b.initializer(b.fresh(prefix), dims, v);
  }

  /** A float initializer filled with {@code value}. */
  public String filled(String prefix, long[] dims, float value) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    float[] v = new float[(int) n];
    java.util.Arrays.fill(v, value);
    return b.initializer(b.fresh(prefix), dims, v);
  }

  /** 2-D convolution, "same" padding, NCHW; stride 2 quarters the pixel scale. */
  public String conv(String x, int cin, int cout, int k, int stride) {
    String w = weight("conv_w", new long[] {cout, cin, k, k}, 1 / Math.sqrt(cin * k * k));
    String bias = filled("conv_b", new long[] {cout}, 0f);
    int p = k / 2;
    String y =
        b.op(
            "Conv",
            new String[] {x, w, bias},
            b.attrInts("kernel_shape", k, k),
            b.attrInts("pads", p, p, p, p),
            b.attrInts("strides", stride, stride));
    if (stride > 1) {
      pixelScale /= (double) stride * stride;
    }
    countPerPixel(2.0 * cin * cout * k * k);
    return y;
  }

  /** Linear map on the last axis: {@code x @ W + b}, W of shape [in, out]. */
  public String linear(String x, int in, int out, boolean bias) {
    String w = weight("lin_w", new long[] {in, out}, 1 / Math.sqrt(in));
    String y = b.op("MatMul", new String[] {x, w});
    return bias ? b.op("Add", new String[] {y, filled("lin_b", new long[] {out}, 0f)}) : y;
  }

  public String silu(String x) {
    return b.op("Mul", new String[] {x, b.op("Sigmoid", new String[] {x})});
  }

  /** CLIP's quick GELU: x * sigmoid(1.702 x). */
  public String quickGelu(String x) {
    String s =
        b.op(
            "Sigmoid",
            new String[] {b.op("Mul", new String[] {x, b.constScalar("gelu_k", 1.702f)})});
    return b.op("Mul", new String[] {x, s});
  }

  /** Group normalization of NCHW features (opset 17 has no GroupNormalization op). */
  public String groupNorm(String x, int channels, int groups) {
    String grouped = b.op("Reshape", new String[] {x, b.constLongs("gn_shape", 0, groups, -1)});
    String norm =
        b.op(
            "InstanceNormalization",
            new String[] {
              grouped,
              filled("gn_one", new long[] {groups}, 1f),
              filled("gn_zero", new long[] {groups}, 0f)
            },
            b.attrFloat("epsilon", 1e-5f));
    String back = b.op("Reshape", new String[] {norm, b.op("Shape", new String[] {x})});
    String g = filled("gn_gamma", new long[] {channels, 1, 1}, 1f);
    String beta = filled("gn_beta", new long[] {channels, 1, 1}, 0f);
    countPerPixel(8.0 * channels);
    return b.op("Add", new String[] {b.op("Mul", new String[] {back, g}), beta});
  }

  public String layerNorm(String x, int dim) {
    return b.op(
        "LayerNormalization",
        new String[] {
          x, filled("ln_gamma", new long[] {dim}, 1f), filled("ln_beta", new long[] {dim}, 0f)
        },
        b.attrInt("axis", -1),
        b.attrFloat("epsilon", 1e-5f));
  }

  /**
   * Sinusoidal embedding of a [batch] tensor of timesteps (any numeric type) into [batch, dim], cos
   * then sin halves with periods up to 10000, as diffusers' {@code Timesteps} with {@code
   * flip_sin_to_cos}.
   */
  public String sinusoidal(String t, int dim) {
    String tf =
        b.op("Cast", new String[] {t}, b.attrInt("to", TensorProto.DataType.FLOAT.getNumber()));
    String col = b.op("Unsqueeze", new String[] {tf, b.constLongs("axes", 1)});
    return sinusoidalOf(col, dim, 1);
  }

  /** Sinusoidal features of the last axis of {@code x} (size 1): [..., 1] to [..., dim]. */
  private String sinusoidalOf(String x, int dim, int rankMinusOne) {
    int half = dim / 2;
    float[] freqs = new float[half];
    for (int i = 0; i < half; i++) {
      freqs[i] = (float) Math.exp(-Math.log(10000) * i / half);
    }
    long[] fdims = new long[rankMinusOne + 1];
    java.util.Arrays.fill(fdims, 1);
    fdims[rankMinusOne] = half;
    String f = b.initializer(b.fresh("freqs"), fdims, freqs);
    String arg = b.op("Mul", new String[] {x, f});
    return b.op(
        "Concat",
        new String[] {b.op("Cos", new String[] {arg}), b.op("Sin", new String[] {arg})},
        b.attrInt("axis", -1));
  }

  /** Sinusoidal embedding of each value of a [batch, n] tensor, flattened to [batch, n*dim]. */
  public String sinusoidalEach(String values, int dim) {
    String cube = b.op("Unsqueeze", new String[] {values, b.constLongs("axes", 2)});
    String emb = sinusoidalOf(cube, dim, 2);
    return b.op("Reshape", new String[] {emb, b.constLongs("flat", 0, -1)});
  }

  /** A two-layer MLP with SiLU, as diffusers' {@code TimestepEmbedding}. */
  public String embeddingMlp(String x, int in, int out) {
    countConstant(2.0 * in * out + 2.0 * out * out);
    return linear(silu(linear(x, in, out, true)), out, out, true);
  }

  /**
   * A residual block: GN, SiLU, conv, plus the projected time embedding, GN, SiLU, conv, with a 1x1
   * shortcut when channels change ({@code temb} may be null for the VAE).
   */
  public String resBlock(String x, String temb, int cin, int cout, int tembDim) {
    String h = conv(silu(groupNorm(x, cin, groupsFor(cin))), cin, cout, 3, 1);
    if (temb != null) {
      String t = linear(silu(temb), tembDim, cout, true);
      h =
          b.op(
              "Add",
              new String[] {h, b.op("Unsqueeze", new String[] {t, b.constLongs("axes", 2, 3)})});
    }
    h = conv(silu(groupNorm(h, cout, groupsFor(cout))), cout, cout, 3, 1);
    String skip = cin == cout ? x : conv(x, cin, cout, 1, 1);
    return b.op("Add", new String[] {skip, h});
  }

  private static int groupsFor(int channels) {
    return channels % 8 == 0 ? 8 : (channels % 4 == 0 ? 4 : 1);
  }

  /**
   * Cross-attention of NCHW features on a context sequence [batch, L, ctxDim] (one head), with a
   * residual connection: queries from pixels, keys and values from the text states.
   */
  public String crossAttention(
      String x, String context, int channels, int ctxDim, int contextLength) {
    String normed = groupNorm(x, channels, groupsFor(channels));
    String flat = b.op("Reshape", new String[] {normed, b.constLongs("flat", 0, channels, -1)});
    String tokens = b.op("Transpose", new String[] {flat}, b.attrInts("perm", 0, 2, 1));
    String q = linear(tokens, channels, channels, false);
    String k = linear(context, ctxDim, channels, false);
    String v = linear(context, ctxDim, channels, false);
    String kt = b.op("Transpose", new String[] {k}, b.attrInts("perm", 0, 2, 1));
    String scores =
        b.op(
            "Mul",
            new String[] {
              b.op("MatMul", new String[] {q, kt}),
              b.constScalar("attn_scale", (float) (1 / Math.sqrt(channels)))
            });
    String attn = b.op("Softmax", new String[] {scores}, b.attrInt("axis", -1));
    String mixed = linear(b.op("MatMul", new String[] {attn, v}), channels, channels, true);
    String back = b.op("Transpose", new String[] {mixed}, b.attrInts("perm", 0, 2, 1));
    String shaped = b.op("Reshape", new String[] {back, b.op("Shape", new String[] {x})});
    countPerPixel(4.0 * channels * channels + 4.0 * contextLength * channels);
    countConstant(4.0 * contextLength * ctxDim * channels);
    return b.op("Add", new String[] {x, shaped});
  }

  /** Nearest-neighbour upsampling of NCHW {@code x} to the spatial size of {@code like}. */
  public String upsampleLike(String x, String like) {
    // Batch and channels from x, height and width from like.
    String sizes =
        b.op(
            "Concat",
            new String[] {
              b.op("Shape", new String[] {x}, b.attrInt("start", 0), b.attrInt("end", 2)),
              b.op("Shape", new String[] {like}, b.attrInt("start", 2))
            },
            b.attrInt("axis", 0));
    return b.op("Resize", new String[] {x, "", "", sizes}, b.attrString("mode", "nearest"));
  }

  /** Nearest-neighbour 2x upsampling of NCHW {@code x}; quadruples the pixel scale. */
  public String upsample2x(String x) {
    String scales = b.initializer(b.fresh("scales"), new long[] {4}, new float[] {1, 1, 2, 2});
    pixelScale *= 4;
    return b.op("Resize", new String[] {x, "", scales}, b.attrString("mode", "nearest"));
  }
}
