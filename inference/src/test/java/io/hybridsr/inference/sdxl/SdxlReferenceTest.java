package io.hybridsr.inference.sdxl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.contract.SdxlContract;
import io.hybridsr.inference.diffusion.Scheduler;
import io.hybridsr.inference.diffusion.SchedulerKind;
import io.hybridsr.inference.onnx.ExecutionProvider;
import io.hybridsr.inference.onnx.SessionCache;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SDXL pipeline against diffusers 0.25.1, intermediate by intermediate, on the reference's tiny
 * random-weight SDXL loaded with the project's own loader ({@link SdxlModels#load}), for every
 * reference case (Euler and DPM-Solver++ 2M; no negative, a negative, an empty negative, no
 * guidance) and both UNet timestep forms (Optimum >= 1.24's float32 scalar, 1.10-1.23's int64
 * vector).
 *
 * <p>Tolerance: fp32 ONNX Runtime against fp32 PyTorch. The reference's precision study measured
 * fp32-vs-fp64 and 1-vs-2-thread differences of <= 1e-6 in text-encoder outputs, <= 1.6e-6 in UNet
 * outputs (values about 1.3), <= 1.7e-5 in latents after each step (values up to 24, i.e. 1e-6
 * relative) and <= 2.5e-6 in the decoder output: one ulp-level kernel difference per network call
 * and its growth through the loop. ONNX Runtime's kernels differ from PyTorch's by the same kind of
 * rounding, so every tensor must agree within {@code 1e-4 * max(1, max|ref|)}: about 100 times the
 * measured run-to-run noise, yet 1000 times smaller than what a wrong hidden layer, a swapped CFG
 * order or swapped time ids change (those move values by O(0.1..1)). Timesteps are exact; sigmas
 * within {@code 1e-5 * max(1, sigma)} (diffusers computes them in float32); the float image within
 * 1e-3 and the 8-bit PNG within one level.
 */
class SdxlReferenceTest {
  static Path tmp;
  static SessionCache cache;
  static final Map<String, double[]> WORST =
      new TreeMap<>(); // intermediate -> {max abs error, max |ref|}

  static final List<String> CASES =
      List.of(
          "a_euler_cfg5",
          "b_euler_cfg5_negative",
          "c_dpmpp2m_cfg5",
          "d_euler_nocfg",
          "e_euler_cfg5_empty_negative");

  @BeforeAll
  static void setUp() throws IOException {
    cache = new SessionCache(ExecutionProvider.CPU);
    tmp = Files.createTempDirectory("sdxl-reference");
    // The older Optimum form: the same export with unet-int64-timestep/ as unet/.
    Path old = tmp.resolve("optimum-1.23");
    Files.createDirectories(old);
    for (String d :
        List.of(
            "tokenizer",
            "tokenizer_2",
            "text_encoder",
            "text_encoder_2",
            "vae_decoder",
            "scheduler")) {
      link(ReferenceData.export().resolve(d), old.resolve(d));
    }
    link(ReferenceData.export().resolve("unet-int64-timestep"), old.resolve("unet"));
  }

  private static void link(Path target, Path at) throws IOException {
    try {
      Files.createSymbolicLink(at, target);
    } catch (UnsupportedOperationException | IOException e) {
      Files.createDirectories(at);
      try (Stream<Path> files = Files.list(target)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, at.resolve(f.getFileName()));
        }
      }
    }
  }

  @AfterAll
  static void tearDown() throws IOException {
    cache.close();
    try (Stream<Path> all = Files.walk(tmp)) { // does not follow the links into the reference data
      for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
    StringBuilder s =
        new StringBuilder(
            "SDXL vs diffusers 0.25.1, worst over all cases and both timestep forms:\n");
    WORST.forEach(
        (k, v) ->
            s.append(
                String.format(
                    Locale.ROOT, "  %-34s max|err| %.3e  (max|ref| %.3g)%n", k, v[0], v[1])));
    System.out.print(s);
  }

  static Path folder(String form) {
    return form.equals("float32 scalar") ? ReferenceData.export() : tmp.resolve("optimum-1.23");
  }

  static Stream<Arguments> runs() {
    return CASES.stream()
        .flatMap(
            c -> Stream.of(Arguments.of(c, "float32 scalar"), Arguments.of(c, "int64 vector")));
  }

  @Test
  void shouldLoadBothOptimumTimestepFormsAndNameThem() {
    SdxlModels now = SdxlModels.load(folder("float32 scalar"), cache);
    SdxlModels old = SdxlModels.load(folder("int64 vector"), cache);
    assertEquals("float32 scalar", now.unet().check().form("timestep"));
    assertEquals("int64 vector", old.unet().check().form("timestep"));
    assertEquals(
        "timestep float32 scalar (Optimum >= 1.24)", SdxlContract.exporterForm(now.unet().check()));
    assertEquals(
        "timestep int64 vector (Optimum 1.10-1.23)", SdxlContract.exporterForm(old.unet().check()));
    assertEquals("ok (float32; timestep float32 scalar)", now.unet().check().summary());
    assertEquals("ok (float32; input_ids int64)", now.textEncoder().check().summary());
  }

  @ParameterizedTest(name = "{0}, unet timestep {1}")
  @MethodSource("runs")
  void shouldMatchDiffusersIntermediateByIntermediate(String id, String form) throws Exception {
    ReferenceData.Case c = ReferenceData.Case.load(id);
    JsonNode call = c.call();
    SdxlModels models = SdxlModels.load(folder(form), cache);
    assertEquals(form, models.unet().check().form("timestep"));
    SdxlPipeline pipeline = new SdxlPipeline(models);
    String prompt = call.get("prompt").asText();
    String negative =
        call.get("negative_prompt").isNull() ? null : call.get("negative_prompt").asText();
    int steps = call.get("num_inference_steps").asInt();
    double g = call.get("guidance_scale").asDouble();
    SchedulerKind kind =
        switch (c.json().get("scheduler").get("class").asText()) {
          case "EulerDiscreteScheduler" -> SchedulerKind.EULER;
          case "DPMSolverMultistepScheduler" -> SchedulerKind.DPMPP_2M;
          default ->
              throw new IllegalArgumentException(c.json().get("scheduler").get("class").asText());
        };
    int w = call.get("width").asInt();
    int h = call.get("height").asInt();
    GenerationRequest req =
        new GenerationRequest(
            prompt, null, negative, null, w, h, steps, 0, g, kind, c.floats("latents_injected"));

    // Token ids, exactly.
    assertArrayEquals(c.ints("prompt_te1_input_ids"), models.tokenizer().encode(prompt), "te1 ids");
    assertArrayEquals(
        c.ints("prompt_te2_input_ids"), models.tokenizer2().encode(prompt), "te2 ids");
    if (c.has("negative_te1_input_ids")) {
      assertArrayEquals(
          c.ints("negative_te1_input_ids"),
          models.tokenizer().encode(negative),
          "negative te1 ids");
      assertArrayEquals(
          c.ints("negative_te2_input_ids"),
          models.tokenizer2().encode(negative),
          "negative te2 ids");
    }

    // Text conditioning and micro-conditioning.
    SdxlPipeline.Conditioning cond = pipeline.condition(req);
    close("prompt_embeds", c.floats("prompt_embeds"), cond.positive().tokens(), 1e-4);
    close("pooled_prompt_embeds", c.floats("pooled_prompt_embeds"), cond.positive().pooled(), 1e-4);
    if (c.has("negative_prompt_embeds")) {
      close(
          "negative_prompt_embeds",
          c.floats("negative_prompt_embeds"),
          cond.negative().tokens(),
          1e-4);
      close(
          "negative_pooled_prompt_embeds",
          c.floats("negative_pooled_prompt_embeds"),
          cond.negative().pooled(),
          1e-4);
    }
    float[] timeIds = c.floats("add_time_ids"); // one row per CFG batch entry
    for (int row = 0; row < timeIds.length / 6; row++) {
      assertArrayEquals(
          java.util.Arrays.copyOfRange(timeIds, 6 * row, 6 * row + 6),
          cond.timeIds(),
          0f,
          "add_time_ids");
    }

    // Sampler tables.
    Scheduler s = pipeline.scheduler(req);
    float[] ts = c.floats("timesteps");
    float[] sigmas = c.floats("sigmas");
    assertEquals(steps, ts.length);
    for (int i = 0; i < steps; i++) {
      assertEquals(ts[i], s.timestep(i), 0, "timestep " + i);
      assertEquals(c.json().get("steps").get(i).get("t").asDouble(), s.timestep(i), 0);
    }
    assertEquals(steps + 1, sigmas.length);
    for (int i = 0; i <= steps; i++) {
      record("sigmas (relative)", Math.abs(sigmas[i] - s.sigma(i)) / Math.max(1e-3, sigmas[i]), 1);
      assertEquals(sigmas[i], s.sigma(i), 1e-5 * Math.max(1, sigmas[i]), "sigma " + i);
    }
    assertEquals(
        c.json().get("scheduler").get("init_noise_sigma").asDouble(), s.initNoiseSigma(), 1e-5);

    // The loop, step by step.
    List<float[][]> trace = new ArrayList<>();
    ImageTensor latent =
        pipeline.generateLatent(
            req,
            cond,
            new SdxlPipeline.Trace() {
              @Override
              public void step(int i, float[] in, float[] eps, float[] x) {
                trace.add(new float[][] {in.clone(), eps.clone(), x.clone()});
              }
            });
    assertEquals(steps, trace.size());
    for (int i = 0; i < steps; i++) {
      String n = String.format(Locale.ROOT, "step%02d_", i);
      // diffusers' UNet input is the CFG batch (the latent twice); the first entry is the latent.
      float[] refInput =
          java.util.Arrays.copyOf(c.floats(n + "unet_sample"), trace.get(i)[0].length);
      close("stepNN_unet_sample", refInput, trace.get(i)[0], 1e-4);
      close("stepNN_noise_pred", c.floats(n + "noise_pred"), trace.get(i)[1], 1e-4);
      close("stepNN_latents", c.floats(n + "latents"), trace.get(i)[2], 1e-4);
      // One guided UNet call alone, on diffusers' own input: no error carried from earlier steps.
      float[] alone = pipeline.guidedNoise(refInput, s.timestep(i), cond, g, h / 8, w / 8);
      close("UNet+CFG alone (diffusers' input)", c.floats(n + "noise_pred"), alone, 1e-4);
    }
    close("final_latents", c.floats("final_latents"), latent.data(), 1e-4);

    // Decoder: raw output, float image, 8-bit PNG.
    float[] raw =
        VaeDecoding.decodeRaw(models.vaeDecoder(), latent, SdxlContract.VAE_SCALING_FACTOR).data();
    close("vae_decoder_output", c.floats("vae_decoder_output"), raw, 1e-4);
    float[] rawAlone =
        VaeDecoding.decodeRaw(
                models.vaeDecoder(),
                new ImageTensor(4, h / 8, w / 8, c.floats("final_latents")),
                SdxlContract.VAE_SCALING_FACTOR)
            .data();
    close("VAE alone (diffusers' input)", c.floats("vae_decoder_output"), rawAlone, 1e-4);
    ImageTensor image = pipeline.decode(latent);
    assertArrayEquals(toImage(raw), image.data(), 0f, "decode = clamp(raw / 2 + 0.5)");
    close("image (float, [0,1])", toImage(c.floats("vae_decoder_output")), image.data(), 1e-3);
    BufferedImage png = ImageIO.read(c.dir().resolve("image.png").toFile());
    int plane = w * h;
    int worst = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = png.getRGB(x, y);
        for (int ch = 0; ch < 3; ch++) {
          int want = (rgb >> (16 - 8 * ch)) & 0xff;
          int got = Math.round(image.data()[ch * plane + y * w + x] * 255);
          worst = Math.max(worst, Math.abs(want - got));
        }
      }
    }
    record("image.png (levels)", worst, 255);
    assertTrue(worst <= 1, id + ": PNG differs by " + worst + " levels");
  }

  static float[] toImage(float[] raw) {
    float[] out = raw.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(0, Math.min(1, out[i] / 2 + 0.5f));
    }
    return out;
  }

  /**
   * Asserts {@code |got - want| <= tol * max(1, max|want|)} elementwise, and records the worst
   * error.
   */
  static void close(String what, float[] want, float[] got, double tol) {
    assertEquals(want.length, got.length, what + ": length");
    double scale = 0;
    double err = 0;
    int at = -1;
    for (int i = 0; i < want.length; i++) {
      scale = Math.max(scale, Math.abs(want[i]));
      double e = Math.abs(want[i] - (double) got[i]);
      if (!(e <= err)) {
        err = e;
        at = i;
      }
    }
    record(what, err, scale);
    double limit = tol * Math.max(1, scale);
    if (!(err <= limit)) {
      throw new AssertionError(
          what
              + ": max |err| "
              + err
              + " > "
              + limit
              + " at "
              + at
              + " (want "
              + want[at]
              + ", got "
              + got[at]
              + ")");
    }
  }

  static synchronized void record(String what, double err, double scale) {
    double[] w = WORST.computeIfAbsent(what, k -> new double[2]);
    w[0] = Math.max(w[0], err);
    w[1] = Math.max(w[1], scale);
  }
}
