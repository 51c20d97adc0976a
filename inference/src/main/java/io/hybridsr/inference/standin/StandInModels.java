package io.hybridsr.inference.standin;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import io.hybridsr.inference.onnx.OnnxBlocks;
import io.hybridsr.inference.onnx.OnnxGraphBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the individual stand-in ONNX models: the real architectures in miniature (CLIP text
 * transformer, UNet with time embedding and cross-attention, VAE decoder and encoder, StableSR's
 * time-aware encoder and feature-modulated UNet), with the exact input/output names, ranks, element
 * types and dynamic axes of the contracts in {@code io.hybridsr.inference.contract}.
 *
 * <p>Each writer returns the model's FLOP tally (per pixel of its main spatial input, and a
 * constant) so calibration on stand-ins can report achieved FLOP/s.
 */
final class StandInModels {
  private StandInModels() {}

  /** FLOPs of one call: {@code perInputPixel * h * w + constant}. */
  record Flops(double perInputPixel, double constant) {}

  static final int SEQ = 77;

  private static Flops write(OnnxBlocks nn, Path file) throws IOException {
    nn.builder().write(file);
    return new Flops(nn.flopsPerInputPixel(), nn.flopsConstant());
  }

  /**
   * Gives {@code tensor} the contract's output {@code name} and declares it a float graph output.
   */
  private static void output(OnnxGraphBuilder b, String tensor, String name, Object... dims) {
    b.node("Identity", new String[] {tensor}, new String[] {name});
    b.output(name, DataType.FLOAT, dims);
  }

  /**
   * A CLIP text transformer: token and position embeddings, pre-norm causal self-attention layers
   * with quick-GELU MLPs, final layer norm, pooling at the end token (arg-max id).
   *
   * @param outputs which of last_hidden_state, pooler_output, text_embeds, hidden_states to give
   */
  static Flops textEncoder(
      Path file, int vocab, int dim, int layers, int projection, List<String> outputs, long seed)
      throws IOException {
    OnnxGraphBuilder b = new OnnxGraphBuilder("clip_text_stand_in");
    OnnxBlocks nn = new OnnxBlocks(b, seed);
    b.input("input_ids", DataType.INT32, "batch_size", "sequence_length");
    String seqLen =
        b.op("Shape", new String[] {"input_ids"}, b.attrInt("start", 1), b.attrInt("end", 2));
    String tok =
        b.op(
            "Gather",
            new String[] {nn.weight("tok_emb", new long[] {vocab, dim}, 0.5), "input_ids"});
    String pos =
        b.op(
            "Slice",
            new String[] {
              nn.weight("pos_emb", new long[] {SEQ, dim}, 0.1),
              b.constLongs("start", 0),
              seqLen,
              b.constLongs("axes", 0)
            });
    String h = b.op("Add", new String[] {tok, pos});
    float[] mask = new float[SEQ * SEQ];
    for (int i = 0; i < SEQ; i++) {
      for (int j = i + 1; j < SEQ; j++) {
        mask[i * SEQ + j] = -1e4f;
      }
    }
    String ends = b.op("Concat", new String[] {seqLen, seqLen}, b.attrInt("axis", 0));
    String causal =
        b.op(
            "Slice",
            new String[] {
              b.initializer(b.fresh("causal"), new long[] {SEQ, SEQ}, mask),
              b.constLongs("start", 0, 0),
              ends,
              b.constLongs("axes", 0, 1)
            });
    boolean hidden = outputs.contains("hidden_states");
    if (hidden) {
      b.node("Identity", new String[] {h}, new String[] {"hidden_states.0"});
    }
    for (int l = 0; l < layers; l++) {
      String x = nn.layerNorm(h, dim);
      String q = nn.linear(x, dim, dim, true);
      String k = nn.linear(x, dim, dim, true);
      String v = nn.linear(x, dim, dim, true);
      String kt = b.op("Transpose", new String[] {k}, b.attrInts("perm", 0, 2, 1));
      String scores =
          b.op(
              "Add",
              new String[] {
                b.op(
                    "Mul",
                    new String[] {
                      b.op("MatMul", new String[] {q, kt}),
                      b.constScalar("scale", (float) (1 / Math.sqrt(dim)))
                    }),
                causal
              });
      String attn = b.op("Softmax", new String[] {scores}, b.attrInt("axis", -1));
      h =
          b.op(
              "Add",
              new String[] {h, nn.linear(b.op("MatMul", new String[] {attn, v}), dim, dim, true)});
      String m =
          nn.linear(
              nn.quickGelu(nn.linear(nn.layerNorm(h, dim), dim, 4 * dim, true)),
              4 * dim,
              dim,
              true);
      h = b.op("Add", new String[] {h, m});
      nn.countConstant(SEQ * (8.0 * dim * dim + 4.0 * SEQ * dim + 16.0 * dim * dim));
      if (hidden) {
        b.node("Identity", new String[] {h}, new String[] {"hidden_states." + (l + 1)});
      }
    }
    String last = nn.layerNorm(h, dim);
    String idsF =
        b.op("Cast", new String[] {"input_ids"}, b.attrInt("to", DataType.FLOAT.getNumber()));
    String eos =
        b.op("ArgMax", new String[] {idsF}, b.attrInt("axis", 1), b.attrInt("keepdims", 0));
    String idx =
        b.op(
            "Expand",
            new String[] {
              b.op("Unsqueeze", new String[] {eos, b.constLongs("axes", 1, 2)}),
              b.constLongs("shape", 1, 1, dim)
            });
    String pooled =
        b.op(
            "Squeeze",
            new String[] {
              b.op("GatherElements", new String[] {last, idx}, b.attrInt("axis", 1)),
              b.constLongs("axes", 1)
            });
    for (String o : outputs) {
      switch (o) {
        case "text_embeds" -> {
          output(
              b,
              nn.linear(pooled, dim, projection, false),
              "text_embeds",
              "batch_size",
              (long) projection);
        }
        case "last_hidden_state" -> {
          output(b, last, "last_hidden_state", "batch_size", "sequence_length", (long) dim);
        }
        case "pooler_output" -> {
          output(b, pooled, "pooler_output", "batch_size", (long) dim);
        }
        case "hidden_states" -> {
          for (int l = 0; l <= layers; l++) {
            b.output(
                "hidden_states." + l, DataType.FLOAT, "batch_size", "sequence_length", (long) dim);
          }
        }
        default -> throw new IllegalArgumentException("unknown text encoder output " + o);
      }
    }
    return write(nn, file);
  }

  /** Sizes of the stand-in UNets. */
  static final int C0 = 16;

  static final int C1 = 32;
  static final int TEMB = 64;

  /**
   * SDXL's UNet in miniature: sinusoidal timestep embedding plus the "text_time" embedding of
   * time_ids and pooled text, a down level with cross-attention, a mid block, an up level with a
   * skip connection.
   */
  static Flops sdxlUnet(Path file, int ctxDim, int pooledDim, long seed) throws IOException {
    OnnxGraphBuilder b = new OnnxGraphBuilder("sdxl_unet_stand_in");
    OnnxBlocks nn = new OnnxBlocks(b, seed);
    b.input("sample", DataType.FLOAT, "batch_size", 4L, "height", "width");
    b.input("timestep", DataType.INT64, "steps");
    b.input(
        "encoder_hidden_states", DataType.FLOAT, "batch_size", "sequence_length", (long) ctxDim);
    b.input("text_embeds", DataType.FLOAT, "batch_size", (long) pooledDim);
    b.input("time_ids", DataType.FLOAT, "batch_size", 6L);
    String temb = nn.embeddingMlp(nn.sinusoidal("timestep", 32), 32, TEMB);
    String timeIds = nn.sinusoidalEach("time_ids", 8);
    String add = b.op("Concat", new String[] {"text_embeds", timeIds}, b.attrInt("axis", 1));
    temb = b.op("Add", new String[] {temb, nn.embeddingMlp(add, pooledDim + 48, TEMB)});
    String out = unetBody(nn, "sample", temb, "encoder_hidden_states", ctxDim, null);
    output(b, out, "out_sample", "batch_size", 4L, "height", "width");
    return write(nn, file);
  }

  /** The shared UNet body; {@code structCond} (StableSR) modulates each level when given. */
  private static String unetBody(
      OnnxBlocks nn, String sample, String temb, String ctx, int ctxDim, String[] structCond) {
    OnnxGraphBuilder b = nn.builder();
    String h0 = nn.conv(sample, 4, C0, 3, 1);
    h0 = nn.resBlock(h0, temb, C0, C0, TEMB);
    if (structCond != null) {
      h0 = sft(nn, h0, structCond[0], C0, C0);
    }
    String h1 = nn.conv(h0, C0, C1, 3, 2);
    h1 = nn.resBlock(h1, temb, C1, C1, TEMB);
    if (structCond != null) {
      h1 = sft(nn, h1, structCond[1], C1, C1);
    }
    h1 = nn.crossAttention(h1, ctx, C1, ctxDim, SEQ);
    h1 = nn.resBlock(h1, temb, C1, C1, TEMB);
    String up = nn.upsampleLike(h1, h0);
    nn.atPixelScale(1);
    String cat = b.op("Concat", new String[] {up, h0}, b.attrInt("axis", 1));
    String h = nn.resBlock(cat, temb, C0 + C1, C0, TEMB);
    h = nn.conv(nn.silu(nn.groupNorm(h, C0, 8)), C0, 4, 3, 1);
    return h;
  }

  /** Spatial feature transform: h * (1 + scale(cond)) + shift(cond), StableSR's modulation. */
  private static String sft(OnnxBlocks nn, String h, String cond, int condChannels, int channels) {
    OnnxGraphBuilder b = nn.builder();
    String scale = nn.conv(cond, condChannels, channels, 1, 1);
    String shift = nn.conv(cond, condChannels, channels, 1, 1);
    String one = b.constScalar("one", 1f);
    return b.op(
        "Add",
        new String[] {
          b.op("Mul", new String[] {h, b.op("Add", new String[] {scale, one})}), shift
        });
  }

  /** A VAE decoder in miniature: conv in, a residual block, three 2x upsamplings, conv out. */
  static Flops vaeDecoder(Path file, long seed) throws IOException {
    OnnxGraphBuilder b = new OnnxGraphBuilder("vae_decoder_stand_in");
    OnnxBlocks nn = new OnnxBlocks(b, seed);
    b.input("latent_sample", DataType.FLOAT, "batch_size", 4L, "latent_height", "latent_width");
    String h = nn.conv("latent_sample", 4, 32, 3, 1);
    h = nn.resBlock(h, null, 32, 32, 0);
    h = nn.conv(nn.upsample2x(h), 32, 16, 3, 1);
    h = nn.conv(nn.upsample2x(h), 16, 16, 3, 1);
    h = nn.conv(nn.upsample2x(h), 16, 8, 3, 1);
    h = nn.conv(nn.silu(nn.groupNorm(h, 8, 8)), 8, 3, 3, 1);
    output(b, h, "sample", "batch_size", 3L, "height", "width");
    return write(nn, file);
  }

  /** A VAE encoder in miniature: three stride-2 convolutions down to 4 latent channels. */
  static Flops vaeEncoder(Path file, long seed) throws IOException {
    OnnxGraphBuilder b = new OnnxGraphBuilder("vae_encoder_stand_in");
    OnnxBlocks nn = new OnnxBlocks(b, seed);
    b.input("sample", DataType.FLOAT, "batch_size", 3L, "height", "width");
    String h = nn.conv("sample", 3, 8, 3, 2);
    h = nn.conv(nn.silu(h), 8, 16, 3, 2);
    h = nn.conv(nn.silu(h), 16, 16, 3, 2);
    h = nn.resBlock(h, null, 16, 16, 0);
    h = nn.conv(h, 16, 4, 3, 1);
    output(b, h, "latent_sample", "batch_size", 4L, "latent_height", "latent_width");
    return write(nn, file);
  }

  /** StableSR's time-aware encoder in miniature: one conditioning map per UNet level. */
  static Flops structEncoder(Path file, long seed) throws IOException {
    OnnxGraphBuilder b = new OnnxGraphBuilder("stablesr_struct_encoder_stand_in");
    OnnxBlocks nn = new OnnxBlocks(b, seed);
    b.input("lr_latent", DataType.FLOAT, "batch_size", 4L, "height", "width");
    b.input("timestep", DataType.FLOAT, "steps");
    String temb = nn.embeddingMlp(nn.sinusoidal("timestep", 32), 32, TEMB);
    String h0 = nn.resBlock(nn.conv("lr_latent", 4, C0, 3, 1), temb, C0, C0, TEMB);
    output(b, h0, "struct_cond.0", "batch_size", (long) C0, "height", "width");
    String h1 = nn.resBlock(nn.conv(h0, C0, C1, 3, 2), temb, C1, C1, TEMB);
    output(b, h1, "struct_cond.1", "batch_size", (long) C1, "height_2", "width_2");
    return write(nn, file);
  }

  /** StableSR's UNet in miniature: the SD UNet body with SFT modulation at each level. */
  static Flops stableSrUnet(Path file, int ctxDim, long seed) throws IOException {
    OnnxGraphBuilder b = new OnnxGraphBuilder("stablesr_unet_stand_in");
    OnnxBlocks nn = new OnnxBlocks(b, seed);
    b.input("sample", DataType.FLOAT, "batch_size", 4L, "height", "width");
    b.input("timestep", DataType.FLOAT, "steps");
    b.input(
        "encoder_hidden_states", DataType.FLOAT, "batch_size", "sequence_length", (long) ctxDim);
    b.input("struct_cond.0", DataType.FLOAT, "batch_size", (long) C0, "height", "width");
    b.input("struct_cond.1", DataType.FLOAT, "batch_size", (long) C1, "height_2", "width_2");
    String temb = nn.embeddingMlp(nn.sinusoidal("timestep", 32), 32, TEMB);
    String out =
        unetBody(
            nn,
            "sample",
            temb,
            "encoder_hidden_states",
            ctxDim,
            new String[] {"struct_cond.0", "struct_cond.1"});
    output(b, out, "out_sample", "batch_size", 4L, "height", "width");
    return write(nn, file);
  }
}
