package io.hybridsr.inference.stablesr;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.contract.StableSrContract;
import io.hybridsr.inference.diffusion.NoiseSchedule;
import io.hybridsr.inference.diffusion.Scheduler;
import io.hybridsr.inference.diffusion.SchedulerKind;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * StableSR super-resolution of an RGB patch on ONNX Runtime: bicubic upscaling, VAE encoding of
 * the result as the structural condition, DDIM sampling from noise with the time-aware encoder's
 * features modulating the UNet, over overlapping latent tiles blended with Gaussian weights, then
 * the VAE decoder and a colour fix against the upscaled input.
 *
 * <p>Has the three methods of the hybrid engine's edge slot ({@code upscale}, {@code scale},
 * {@code name}), so it plugs in wherever a super-resolver is expected. Thread-safe: state lives in
 * the shared sessions and in locals.
 *
 * <pre>{@code
 * StableSrUpscaler sr = new StableSrUpscaler(StableSrModels.load(dir, SessionCache.shared()),
 *     StableSrOptions.defaults());
 * ImageTensor big = sr.upscale(patch); // 4x
 * }</pre>
 */
public final class StableSrUpscaler implements io.hybridsr.inference.SuperResolver {
  /** Called after each DDIM step with the number of tiles run in it (for progress and timing). */
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
    return models.standIn() ? "stablesr (stand-in)" : "stablesr";
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
      throw new IllegalStateException("StableSR failed on a " + rgb.shape() + " patch: " + e.getMessage(), e);
    }
  }

  private ImageTensor run(ImageTensor rgb, StepListener listener) throws Exception {
    int outW = rgb.width() * options.scale();
    int outH = rgb.height() * options.scale();
    ImageTensor up = io.hybridsr.core.image.Resampler.bicubic(rgb, outW, outH).clampInPlace(0, 1);
    // The VAE works on multiples of 8 pixels: pad by edge replication, crop after decoding.
    int padW = (outW + 7) / 8 * 8;
    int padH = (outH + 7) / 8 * 8;
    ImageTensor padded = padReplicate(up, padW, padH);
    ImageTensor lr = encode(padded);
    int h = lr.height();
    int w = lr.width();
    float[] ctx = emptyPromptEmbedding();

    Scheduler s = SchedulerKind.DDIM.create(schedule, options.steps());
    Random r = new Random(options.seed());
    float[] x = new float[4 * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextGaussian() * s.initNoiseSigma());
    }
    List<LatentTiling.Tile> tiles = LatentTiling.grid(w, h, options.tileLatent(), options.overlapLatent());
    ImageTensor lrT = lr;
    for (int i = 0; i < s.steps(); i++) {
      ImageTensor xi = new ImageTensor(4, h, w, s.scaleModelInput(x, i));
      LatentTiling.Accumulator acc = new LatentTiling.Accumulator(4, w, h);
      for (LatentTiling.Tile t : tiles) {
        float[] eps = predictNoise(xi.crop(t.x(), t.y(), t.width(), t.height()),
            lrT.crop(t.x(), t.y(), t.width(), t.height()), s.timestep(i), ctx);
        acc.add(t, eps);
      }
      x = s.step(acc.result(), i, x);
      listener.afterStep(i + 1, s.steps(), tiles.size());
    }
    ImageTensor decoded = decode(new ImageTensor(4, h, w, x));
    ImageTensor cropped = decoded.width() == outW && decoded.height() == outH ? decoded : decoded.crop(0, 0, outW, outH);
    return options.colorFix().apply(cropped, up).clampInPlace(0, 1);
  }

  /** One UNet call on one latent tile: structural features of the LR tile, then the noise. */
  public float[] predictNoise(ImageTensor xTile, ImageTensor lrTile, int t, float[] ctx) throws Exception {
    Map<String, ComponentTensor> cond = models.structEncoder().run(Map.of(
        "lr_latent", new ComponentTensor(lrTile.nchwShape(), lrTile.data()),
        "timestep", new ComponentTensor(new long[] {1}, new float[] {t})));
    Map<String, ComponentTensor> in = new HashMap<>();
    in.put("sample", new ComponentTensor(xTile.nchwShape(), xTile.data()));
    in.put("timestep", new ComponentTensor(new long[] {1}, new float[] {t}));
    in.put("encoder_hidden_states", new ComponentTensor(new long[] {1, contextLength, contextDim}, ctx));
    for (var e : cond.entrySet()) {
      if (e.getKey().startsWith("struct_cond.")) {
        in.put(e.getKey(), e.getValue());
      }
    }
    return models.unet().run(in).get("out_sample").data();
  }

  /** The VAE encoding of an RGB image in [0, 1], scaled by SD's factor (the LR latent). */
  ImageTensor encode(ImageTensor rgb) throws Exception {
    float[] px = rgb.data().clone();
    for (int i = 0; i < px.length; i++) {
      px[i] = px[i] * 2 - 1;
    }
    ComponentTensor out = models.vaeEncoder().run(Map.of("sample", new ComponentTensor(rgb.nchwShape(), px)))
        .get("latent_sample");
    float[] z = out.data();
    for (int i = 0; i < z.length; i++) {
      z[i] *= StableSrContract.VAE_SCALING_FACTOR;
    }
    long[] s = out.shape();
    return new ImageTensor((int) s[1], (int) s[2], (int) s[3], z);
  }

  /** Decodes a (scaled) latent to RGB in [0, 1]. */
  ImageTensor decode(ImageTensor latent) throws Exception {
    float[] z = latent.data().clone();
    for (int i = 0; i < z.length; i++) {
      z[i] /= StableSrContract.VAE_SCALING_FACTOR;
    }
    ComponentTensor out = models.vaeDecoder().run(Map.of("latent_sample", new ComponentTensor(latent.nchwShape(), z)))
        .get("sample");
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
        ComponentTensor h = models.textEncoder().run(Map.of("input_ids", new ComponentTensor(new long[] {1, ids.length}, f)))
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
