package io.hybridsr.inference.sdxl;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.contract.SdxlContract;
import io.hybridsr.inference.diffusion.NoiseSchedule;
import io.hybridsr.inference.diffusion.Scheduler;
import io.hybridsr.inference.onnx.LoadedModel;
import io.hybridsr.inference.onnx.Tensors;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * SDXL text-to-image on ONNX Runtime: text encoding, the denoising loop with classifier-free
 * guidance and SDXL's micro-conditioning, then the VAE decoder.
 *
 * <p>The loop and the decoder are separate calls ({@link #generateLatent}, {@link #decode}) because
 * the edge partitions the final latent before the image is decoded. The pipeline owns its {@link
 * SdxlModels} (their holds on the shared sessions) and is thread-safe to share; closing it releases
 * them.
 *
 * <pre>{@code
 * try (SdxlPipeline p = new SdxlPipeline(SdxlModels.load(dir, SessionCache.shared(ExecutionProvider.CPU)))) {
 *   GenerationResult r = p.generate(GenerationRequest.of("a red house", 512, 512, 20).withSeed(1));
 * }
 * }</pre>
 */
public final class SdxlPipeline implements AutoCloseable {
  /** Called after every denoising step (for progress bars). */
  public interface StepListener {
    void afterStep(int step, int steps);
  }

  private final SdxlModels models;
  private final SdxlTextEncoder textEncoder;
  private final NoiseSchedule schedule = NoiseSchedule.stableDiffusion();

  public SdxlPipeline(SdxlModels models) {
    this.models = models;
    this.textEncoder = new SdxlTextEncoder(models);
  }

  public SdxlModels models() {
    return models;
  }

  /** Releases the models' sessions (closed when no other pipeline holds them). */
  @Override
  public void close() {
    models.close();
  }

  /** Text conditioning of a request: prompt and (possibly zero) negative embeddings, time ids. */
  public record Conditioning(PromptEmbedding positive, PromptEmbedding negative, float[] timeIds) {}

  /**
   * Prompt and negative embeddings as diffusers' {@code encode_prompt}: the negative is zeros when
   * the request has none (null), and encoded otherwise, {@code ""} included.
   */
  public Conditioning condition(GenerationRequest req) throws OrtException {
    PromptEmbedding pos = textEncoder.encode(req.prompt(), req.effectivePrompt2());
    PromptEmbedding neg =
        req.zeroNegative()
            ? PromptEmbedding.zerosLike(pos)
            : textEncoder.encode(req.negativePrompt(), req.effectiveNegativePrompt2());
    // Micro-conditioning: original size, crop top-left, target size, all (height, width).
    float[] timeIds = {req.height(), req.width(), 0, 0, req.height(), req.width()};
    return new Conditioning(pos, neg, timeIds);
  }

  /** Generates and decodes; timings of every stage included. */
  public GenerationResult generate(GenerationRequest req, StepListener listener)
      throws OrtException {
    long t0 = System.nanoTime();
    Conditioning cond = condition(req);
    double textMs = (System.nanoTime() - t0) / 1e6;
    double[] stepMs = new double[req.steps()];
    ImageTensor latent = denoise(req, cond, stepMs, listener, Trace.NONE);
    long t1 = System.nanoTime();
    ImageTensor image = decode(latent);
    double decodeMs = (System.nanoTime() - t1) / 1e6;
    return new GenerationResult(
        latent, image, new GenerationResult.Timings(textMs, stepMs, decodeMs));
  }

  public GenerationResult generate(GenerationRequest req) throws OrtException {
    return generate(req, (s, n) -> {});
  }

  /** The final latent (4 x H/8 x W/8, unscaled), before decoding. */
  public ImageTensor generateLatent(GenerationRequest req) throws OrtException {
    return denoise(req, condition(req), new double[req.steps()], (s, n) -> {}, Trace.NONE);
  }

  /**
   * Every intermediate of a run, for comparison with another implementation (diffusers' names in
   * brackets). Arrays are the pipeline's own: copy them to keep them.
   */
  public interface Trace {
    Trace NONE = new Trace() {};

    /** The sampler and the initial latent, already scaled by its initial sigma. */
    default void start(Scheduler scheduler, float[] latents) {}

    /**
     * Step {@code i}: the UNet input after input scaling ({@code scale_model_input}), the guided
     * noise prediction ({@code noise_pred}) and the latent after the sampler's step.
     */
    default void step(int i, float[] modelInput, float[] noisePrediction, float[] latents) {}
  }

  /** The final latent, reporting every intermediate to {@code trace}. */
  public ImageTensor generateLatent(GenerationRequest req, Conditioning cond, Trace trace)
      throws OrtException {
    return denoise(req, cond, new double[req.steps()], (s, n) -> {}, trace);
  }

  /** The sampler a request runs with (a fresh one: samplers keep per-run state). */
  public Scheduler scheduler(GenerationRequest req) {
    return req.scheduler().create(schedule, req.steps());
  }

  private ImageTensor denoise(
      GenerationRequest req, Conditioning cond, double[] stepMs, StepListener listener, Trace trace)
      throws OrtException {
    int h = req.latentHeight();
    int w = req.latentWidth();
    Scheduler s = scheduler(req);
    int n = SdxlContract.LATENT_CHANNELS * h * w;
    float[] x;
    if (req.initialLatents() != null) {
      // diffusers: latents = latents * scheduler.init_noise_sigma (in float32)
      x = new float[n];
      float sigma = (float) s.initNoiseSigma();
      for (int i = 0; i < n; i++) {
        x[i] = req.initialLatents()[i] * sigma;
      }
    } else {
      x = initialNoise(req.seed(), n, s.initNoiseSigma());
    }
    trace.start(s, x);
    for (int i = 0; i < s.steps(); i++) {
      long t = System.nanoTime();
      float[] in = s.scaleModelInput(x, i);
      float[] eps = guidedNoise(in, s.timestep(i), cond, req.guidanceScale(), h, w);
      x = s.step(eps, i, x);
      stepMs[i] = (System.nanoTime() - t) / 1e6;
      trace.step(i, in, eps, x);
      listener.afterStep(i + 1, s.steps());
    }
    return new ImageTensor(SdxlContract.LATENT_CHANNELS, h, w, x);
  }

  /** Seeded unit Gaussian noise times {@code sigma}; the same seed gives the same latent. */
  static float[] initialNoise(long seed, int n, double sigma) {
    Random r = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextGaussian() * sigma);
    }
    return x;
  }

  /**
   * The UNet's noise prediction for the model input {@code x} at timestep {@code t}, with
   * classifier-free guidance {@code eps_u + g (eps_c - eps_u)} when g > 1 (one batch of two), the
   * conditional prediction alone otherwise (as diffusers).
   */
  public float[] guidedNoise(float[] x, int t, Conditioning cond, double g, int h, int w)
      throws OrtException {
    boolean cfg = g > 1;
    int batch = cfg ? 2 : 1;
    LoadedModel unet = models.unet();
    var type = unet.precision();
    int n = x.length;
    float[] sample = new float[batch * n];
    float[] ehs = new float[batch * cond.positive().tokens().length];
    float[] pooled = new float[batch * cond.positive().pooled().length];
    float[] timeIds = new float[batch * 6];
    int k = 0;
    for (PromptEmbedding e :
        cfg
            ? new PromptEmbedding[] {cond.negative(), cond.positive()}
            : new PromptEmbedding[] {cond.positive()}) {
      System.arraycopy(x, 0, sample, k * n, n);
      System.arraycopy(e.tokens(), 0, ehs, k * e.tokens().length, e.tokens().length);
      System.arraycopy(e.pooled(), 0, pooled, k * e.pooled().length, e.pooled().length);
      System.arraycopy(cond.timeIds(), 0, timeIds, k * 6, 6);
      k++;
    }
    PromptEmbedding p = cond.positive();
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put(
          "sample",
          Tensors.floats(sample, new long[] {batch, SdxlContract.LATENT_CHANNELS, h, w}, type));
      in.put("timestep", TimestepInput.of(unet, t, batch));
      in.put(
          "encoder_hidden_states",
          Tensors.floats(ehs, new long[] {batch, p.sequence(), p.dim()}, type));
      in.put("text_embeds", Tensors.floats(pooled, new long[] {batch, p.pooled().length}, type));
      in.put("time_ids", Tensors.floats(timeIds, new long[] {batch, 6}, type));
      try (OrtSession.Result r = unet.session().run(in)) {
        float[] out = Tensors.readFloats(r.get("out_sample").orElseThrow());
        if (!cfg) {
          return out;
        }
        // diffusers: noise_pred_uncond + guidance_scale * (noise_pred_text - noise_pred_uncond), in
        // float32
        float gf = (float) g;
        float[] eps = new float[n];
        for (int i = 0; i < n; i++) {
          float u = out[i];
          eps[i] = u + gf * (out[n + i] - u);
        }
        return eps;
      }
    } finally {
      for (OnnxTensor v : in.values()) {
        v.close();
      }
    }
  }

  /** Decodes a latent to RGB in [0, 1] (latent divided by SDXL's scaling factor first). */
  public ImageTensor decode(ImageTensor latent) throws OrtException {
    return VaeDecoding.decode(models.vaeDecoder(), latent, SdxlContract.VAE_SCALING_FACTOR);
  }
}
