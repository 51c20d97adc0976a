package io.hybridsr.inference.stablesr;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.contract.StableSrContract;
import io.hybridsr.inference.diffusion.NoiseSchedule;
import io.hybridsr.inference.diffusion.RespacedDdpm;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * StableSR super-resolution of an RGB patch, sampled as StableSR's reference scripts do ({@code
 * sr_val_ddpm_text_T_vqganfin_oldcanvas_tile.py}): the input brought to a 512 px short side (at
 * least the scale) with PyTorch-style bicubic and reflect-padded to a multiple of 32, VAE encoded
 * as the structural condition z_LR; x_T = q_sample(z_LR, 999); respaced DDPM ancestral sampling
 * ({@link RespacedDdpm}) where at every step the time-aware encoder's features of each overlapping
 * latent tile modulate the UNet and the tile outputs are blended with the reference's Gaussian
 * weights; then the VAE decoder, a colour fix against the upscaled input, and a bicubic resize to
 * the requested scale.
 *
 * <p><b>CFW</b>: the reference decodes with a CFW-equipped VQGAN decoder fed the encoder's features
 * ({@code dec_w} 0.5). When the export's vae_encoder gives {@code enc_fea.*} and its vae_decoder
 * takes them with {@code dec_w} ({@link StableSrContract}), so does this runner; with SD's plain
 * decoder it decodes without CFW ({@code dec_w} 0) and {@link #name()} says "without CFW". Other
 * differences: z_LR is the encoder's posterior mean (the reference samples it), and the noise comes
 * from {@code java.util.Random}, not torch.
 *
 * <p>Has the three methods of the hybrid engine's edge slot ({@code upscale}, {@code scale}, {@code
 * name}), so it plugs in wherever a super-resolver is expected. Thread-safe: state lives in the
 * shared sessions and in locals. It owns the models it is given and closes them with itself.
 *
 * <pre>{@code
 * try (StableSrUpscaler sr = new StableSrUpscaler(
 *     StableSrModels.load(dir, SessionCache.shared(ExecutionProvider.CPU)), StableSrOptions.defaults())) {
 *   ImageTensor big = sr.upscale(patch); // 4x
 * } // releases the models' sessions
 * }</pre>
 */
public final class StableSrUpscaler implements io.hybridsr.inference.SuperResolver {
  /** Called after each DDPM step with the number of tiles run in it (for progress and timing). */
  public interface StepListener {
    void afterStep(int step, int steps, int tiles);
  }

  private final StableSrModels models;
  private final StableSrOptions options;
  private final NoiseSchedule schedule = NoiseSchedule.stableDiffusion();
  private volatile float[] emptyPrompt;
  private int contextLength;
  private int contextDim;

  public StableSrUpscaler(StableSrModels models, StableSrOptions options) {
    this.models = models;
    this.options = options;
  }

  public int scale() {
    return options.scale();
  }

  public String name() {
    String cfw = cfw() ? "CFW dec_w " + StableSrContract.CFW_WEIGHT : "without CFW";
    return models.standIn() ? "stablesr (stand-in, " + cfw + ")" : "stablesr (" + cfw + ")";
  }

  public StableSrOptions options() {
    return options;
  }

  /** The patch upscaled by {@link #scale()}: RGB in [0, 1], shape 3 x (s*h) x (s*w). */
  public ImageTensor upscale(ImageTensor rgb) {
    return upscale(rgb, (s, n, t) -> {});
  }

  public ImageTensor upscale(ImageTensor rgb, StepListener listener) {
    if (rgb.channels() != 3) {
      throw new IllegalArgumentException("StableSR takes RGB (3 channels), got " + rgb.shape());
    }
    try {
      return run(rgb, listener);
    } catch (Exception e) {
      throw new IllegalStateException(
          "StableSR failed on a " + rgb.shape() + " patch: " + e.getMessage(), e);
    }
  }

  private ImageTensor run(ImageTensor rgb, StepListener listener) throws Exception {
    int outW = rgb.width() * options.scale();
    int outH = rgb.height() * options.scale();
    // The reference's input preparation: upscale by max(input_size / short side, scale) with
    // PyTorch's bicubic, then reflect-pad to a multiple of 32.
    double s =
        Math.max(
            options.scale(),
            options.inputSize() > 0
                ? (double) options.inputSize() / Math.min(rgb.width(), rgb.height())
                : 0);
    int upW = (int) (rgb.width() * s);
    int upH = (int) (rgb.height() * s);
    ImageTensor up = TorchResize.bicubic(rgb, upW, upH).clampInPlace(0, 1);
    ImageTensor padded = TorchResize.reflectPadTo(up, 32);
    Map<String, ComponentTensor> encoded = encodeAll(padded);
    ImageTensor lr = latentOf(encoded);
    int h = lr.height();
    int w = lr.width();
    float[] ctx = emptyPromptEmbedding();

    RespacedDdpm ddpm = new RespacedDdpm(schedule, options.steps());
    Random r = new Random(options.seed());
    float[] noise = new float[4 * h * w];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = (float) r.nextGaussian();
    }
    // x_T = q_sample(z_LR, 999): the LR latent noised to the last training step, not pure noise.
    float[] x = ddpm.qSample(lr.data(), noise, schedule.trainSteps() - 1);
    List<LatentTiling.Tile> tiles =
        LatentTiling.grid(w, h, options.tileLatent(), options.overlapLatent());
    for (int i = 0; i < ddpm.steps(); i++) {
      ImageTensor xi = new ImageTensor(4, h, w, x);
      LatentTiling.Accumulator acc = new LatentTiling.Accumulator(4, w, h);
      for (LatentTiling.Tile t : tiles) {
        float[] out =
            predictNoise(
                xi.crop(t.x(), t.y(), t.width(), t.height()),
                lr.crop(t.x(), t.y(), t.width(), t.height()),
                ddpm.timestep(i),
                ctx);
        acc.add(t, out);
      }
      x = ddpm.step(i, acc.result(), x, r, options.prediction());
      listener.afterStep(i + 1, ddpm.steps(), tiles.size());
    }
    ImageTensor decoded = decode(new ImageTensor(4, h, w, x), cfw() ? encoded : Map.of());
    ImageTensor cropped =
        decoded.width() == upW && decoded.height() == upH ? decoded : decoded.crop(0, 0, upW, upH);
    ImageTensor fixed = options.colorFix().apply(cropped, up).clampInPlace(0, 1);
    if (upW == outW && upH == outH) {
      return fixed;
    }
    // Brought to the short side first: back down to the requested scale, as the reference does.
    return TorchResize.bicubic(fixed, outW, outH).clampInPlace(0, 1);
  }

  /** One UNet call on one latent tile: structural features of the LR tile, then the noise. */
  public float[] predictNoise(ImageTensor xTile, ImageTensor lrTile, int t, float[] ctx)
      throws Exception {
    Map<String, ComponentTensor> cond =
        models
            .structEncoder()
            .run(
                Map.of(
                    "lr_latent", new ComponentTensor(lrTile.nchwShape(), lrTile.data()),
                    "timestep", new ComponentTensor(new long[] {1}, new float[] {t})));
    Map<String, ComponentTensor> in = new HashMap<>();
    in.put("sample", new ComponentTensor(xTile.nchwShape(), xTile.data()));
    in.put("timestep", new ComponentTensor(new long[] {1}, new float[] {t}));
    in.put(
        "encoder_hidden_states",
        new ComponentTensor(new long[] {1, contextLength, contextDim}, ctx));
    for (var e : cond.entrySet()) {
      if (e.getKey().startsWith("struct_cond.")) {
        in.put(e.getKey(), e.getValue());
      }
    }
    return models.unet().run(in).get("out_sample").data();
  }

  /** The VAE encoding of an RGB image in [0, 1], scaled by SD's factor (the LR latent). */
  ImageTensor encode(ImageTensor rgb) throws Exception {
    return latentOf(encodeAll(rgb));
  }

  /**
   * The VAE encoder's outputs for an RGB image in [0, 1]: {@code latent_sample} and any CFW {@code
   * enc_fea.*}.
   */
  Map<String, ComponentTensor> encodeAll(ImageTensor rgb) throws Exception {
    float[] px = rgb.data().clone();
    for (int i = 0; i < px.length; i++) {
      px[i] = px[i] * 2 - 1;
    }
    return models.vaeEncoder().run(Map.of("sample", new ComponentTensor(rgb.nchwShape(), px)));
  }

  private static ImageTensor latentOf(Map<String, ComponentTensor> encoded) {
    ComponentTensor out = encoded.get("latent_sample");
    float[] z = out.data().clone();
    for (int i = 0; i < z.length; i++) {
      z[i] *= StableSrContract.VAE_SCALING_FACTOR;
    }
    long[] s = out.shape();
    return new ImageTensor((int) s[1], (int) s[2], (int) s[3], z);
  }

  /**
   * Whether the export decodes with StableSR's CFW: the decoder takes {@code enc_fea.*} and {@code
   * dec_w}, and the encoder gives as many {@code enc_fea.*} (ONNX components; a TorchScript decoder
   * is taken as SD's plain one).
   */
  public boolean cfw() {
    if (models.vaeDecoder() instanceof OnnxComponent d
        && models.vaeEncoder() instanceof OnnxComponent e) {
      List<String> dec = d.model().check().family("enc_fea.*");
      try {
        return !dec.isEmpty()
            && d.model().session().getInputNames().contains("dec_w")
            && e.model().check().family("enc_fea.*").size() == dec.size();
      } catch (RuntimeException ex) {
        return false;
      }
    }
    return false;
  }

  /** Decodes a (scaled) latent to RGB in [0, 1] with SD's plain decoder path. */
  ImageTensor decode(ImageTensor latent) throws Exception {
    return decode(latent, Map.of());
  }

  /**
   * Decodes a (scaled) latent to RGB in [0, 1]; with the encoder's {@code enc_fea.*} given (and a
   * CFW decoder), CFW fuses them with weight {@code dec_w} = {@link StableSrContract#CFW_WEIGHT}.
   */
  ImageTensor decode(ImageTensor latent, Map<String, ComponentTensor> encoded) throws Exception {
    float[] z = latent.data().clone();
    for (int i = 0; i < z.length; i++) {
      z[i] /= StableSrContract.VAE_SCALING_FACTOR;
    }
    Map<String, ComponentTensor> in = new HashMap<>();
    in.put("latent_sample", new ComponentTensor(latent.nchwShape(), z));
    boolean features = false;
    for (var e : encoded.entrySet()) {
      if (e.getKey().startsWith("enc_fea.")) {
        in.put(e.getKey(), e.getValue());
        features = true;
      }
    }
    if (features) {
      in.put(
          "dec_w", new ComponentTensor(new long[] {1}, new float[] {StableSrContract.CFW_WEIGHT}));
    }
    ComponentTensor out = models.vaeDecoder().run(in).get("sample");
    float[] px = out.data();
    for (int i = 0; i < px.length; i++) {
      float v = px[i] * 0.5f + 0.5f;
      px[i] = v < 0 ? 0 : (v > 1 ? 1 : v);
    }
    long[] s = out.shape();
    return new ImageTensor((int) s[1], (int) s[2], (int) s[3], px);
  }

  /** The text context StableSR uses (the encoded empty prompt), for {@link #predictNoise}. */
  public float[] emptyContext() {
    try {
      return emptyPromptEmbedding();
    } catch (Exception e) {
      throw new IllegalStateException("StableSR text encoder failed: " + e.getMessage(), e);
    }
  }

  /** StableSR conditions on the empty prompt: encoded once, then reused. */
  private float[] emptyPromptEmbedding() throws Exception {
    float[] e = emptyPrompt;
    if (e != null) {
      return e;
    }
    synchronized (this) {
      if (emptyPrompt == null) {
        int[] ids = models.tokenizer().encode("");
        float[] f = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
          f[i] = ids[i];
        }
        ComponentTensor h =
            models
                .textEncoder()
                .run(Map.of("input_ids", new ComponentTensor(new long[] {1, ids.length}, f)))
                .get("last_hidden_state");
        contextLength = (int) h.shape()[1];
        contextDim = (int) h.shape()[2];
        emptyPrompt = h.data();
      }
      return emptyPrompt;
    }
  }

  static ImageTensor padReplicate(ImageTensor img, int w, int h) {
    if (img.width() == w && img.height() == h) {
      return img;
    }
    ImageTensor out = new ImageTensor(img.channels(), h, w);
    for (int c = 0; c < img.channels(); c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          out.set(c, y, x, img.get(c, Math.min(y, img.height() - 1), Math.min(x, img.width() - 1)));
        }
      }
    }
    return out;
  }
}
