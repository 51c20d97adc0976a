package io.hybridsr.inference.stablesr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.contract.ElementType;
import io.hybridsr.inference.contract.StableSrContract;
import io.hybridsr.inference.diffusion.NoiseSchedule;
import io.hybridsr.inference.diffusion.Scheduler;
import io.hybridsr.inference.diffusion.SchedulerKind;
import io.hybridsr.inference.onnx.LoadedModel;
import io.hybridsr.inference.onnx.Tensors;
import io.hybridsr.inference.sdxl.VaeDecoding;
import io.hybridsr.inference.stablesr.internal.Bicubic;
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
public final class StableSrUpscaler {
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
    } catch (OrtException e) {
      throw new IllegalStateException("StableSR failed on a " + rgb.shape() + " patch: " + e.getMessage(), e);
    }
  }

  private ImageTensor run(ImageTensor rgb, StepListener listener) throws OrtException {
    int outW = rgb.width() * options.scale();
    int outH = rgb.height() * options.scale();
    ImageTensor up = Bicubic.resize(rgb, outW, outH).clampInPlace(0, 1);
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
    ImageTensor decoded = VaeDecoding.decode(models.vaeDecoder(), new ImageTensor(4, h, w, x),
        StableSrContract.VAE_SCALING_FACTOR);
    ImageTensor cropped = decoded.width() == outW && decoded.height() == outH ? decoded : decoded.crop(0, 0, outW, outH);
    return options.colorFix().apply(cropped, up).clampInPlace(0, 1);
  }

  /** One UNet call on one latent tile: structural features of the LR tile, then the noise. */
  public float[] predictNoise(ImageTensor xTile, ImageTensor lrTile, int t, float[] ctx) throws OrtException {
    LoadedModel enc = models.structEncoder();
    LoadedModel unet = models.unet();
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put("lr_latent", Tensors.floats(lrTile.data(), lrTile.nchwShape(), enc.precision()));
      in.put("timestep", Tensors.timestep(t, 1, enc.inputType("timestep")));
      Map<String, OnnxTensor> unetIn = new HashMap<>();
      try (OrtSession.Result cond = enc.session().run(in)) {
        unetIn.put("sample", Tensors.floats(xTile.data(), xTile.nchwShape(), unet.precision()));
        unetIn.put("timestep", Tensors.timestep(t, 1, unet.inputType("timestep")));
        unetIn.put("encoder_hidden_states",
            Tensors.floats(ctx, new long[] {1, contextLength, contextDim}, unet.precision()));
        for (String name : enc.check().family("struct_cond.*")) {
          // Re-made in the UNet's precision: the two models may be exported differently.
          var v = cond.get(name).orElseThrow();
          unetIn.put(name, Tensors.floats(Tensors.readFloats(v), Tensors.shape(v), unet.precision()));
        }
        try (OrtSession.Result r = unet.session().run(unetIn)) {
          return Tensors.readFloats(r.get("out_sample").orElseThrow());
        }
      } finally {
        unetIn.values().forEach(OnnxTensor::close);
      }
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  /** The VAE encoding of an RGB image in [0, 1], scaled by SD's factor (the LR latent). */
  ImageTensor encode(ImageTensor rgb) throws OrtException {
    float[] px = rgb.data().clone();
    for (int i = 0; i < px.length; i++) {
      px[i] = px[i] * 2 - 1;
    }
    LoadedModel vae = models.vaeEncoder();
    try (OnnxTensor t = Tensors.floats(px, rgb.nchwShape(), vae.precision());
        OrtSession.Result r = vae.session().run(Map.of("sample", t))) {
      var out = r.get("latent_sample").orElseThrow();
      long[] s = Tensors.shape(out);
      float[] z = Tensors.readFloats(out);
      for (int i = 0; i < z.length; i++) {
        z[i] *= StableSrContract.VAE_SCALING_FACTOR;
      }
      return new ImageTensor((int) s[1], (int) s[2], (int) s[3], z);
    }
  }

  /** The text context StableSR uses (the encoded empty prompt), for {@link #predictNoise}. */
  public float[] emptyContext() {
    try {
      return emptyPromptEmbedding();
    } catch (OrtException e) {
      throw new IllegalStateException("StableSR text encoder failed: " + e.getMessage(), e);
    }
  }

  /** StableSR conditions on the empty prompt: encoded once, then reused. */
  private float[] emptyPromptEmbedding() throws OrtException {
    float[] e = emptyPrompt;
    if (e != null) {
      return e;
    }
    synchronized (this) {
      if (emptyPrompt == null) {
        int[] ids = models.tokenizer().encode("");
        LoadedModel te = models.textEncoder();
        try (OnnxTensor in = Tensors.ints(ids, new long[] {1, ids.length}, te.inputType("input_ids"));
            OrtSession.Result r = te.session().run(Map.of("input_ids", in))) {
          var h = r.get("last_hidden_state").orElseThrow();
          long[] s = Tensors.shape(h);
          contextLength = (int) s[1];
          contextDim = (int) s[2];
          emptyPrompt = Tensors.readFloats(h);
        }
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

  /** Precision of the UNet export (float32 or float16). */
  public ElementType precision() {
    return models.unet().precision();
  }
}
