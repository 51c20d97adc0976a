package io.hybridsr.app.cli;

import io.hybridsr.inference.contract.SdxlContract;
import io.hybridsr.inference.diffusion.SchedulerKind;
import io.hybridsr.inference.onnx.SessionCache;
import io.hybridsr.inference.sdxl.GenerationRequest;
import io.hybridsr.inference.sdxl.GenerationResult;
import io.hybridsr.inference.sdxl.SdxlModels;
import io.hybridsr.inference.sdxl.SdxlPipeline;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./hybridsr generate}: SDXL text-to-image to a PNG file. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generates an image with SDXL on ONNX Runtime and writes it as PNG.",
      "Without --models it uses STAND-IN models (tiny generated models with SDXL's export contract),"
          + " generated into the cache on first use: the result is a noise-like pattern, not a picture.",
      "Prompts as diffusers' StableDiffusionXLPipeline: --prompt-2 goes to text_encoder_2 (default: --prompt);"
          + " without --negative-prompt the unconditional embeddings are zeros, --negative-prompt \"\" is encoded.",
      "--latents FILE starts from given latents instead of seeded noise (diffusers' latents=), so that a run can be"
          + " compared with another implementation's.",
      "CUDA: build with -Pcuda and run with HYBRIDSR_EP=cuda."
    })
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--prompt", required = true, description = "The text prompt.")
  String prompt;

  @Option(
      names = "--prompt-2",
      description = "Prompt for text_encoder_2 (default: --prompt, as diffusers).")
  String prompt2;

  @Option(
      names = "--size",
      required = true,
      description = "Image size WxH in pixels, multiples of 8 (e.g. 1024x1024).")
  String size;

  @Option(names = "--steps", required = true, description = "Denoising steps D (1..999).")
  int steps;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Noise seed (default: ${DEFAULT-VALUE}; ignored with --latents).")
  long seed;

  @Option(
      names = "--latents",
      paramLabel = "FILE",
      description =
          "Initial latents instead of seeded noise: raw little-endian"
              + " float32, shape [1, 4, H/8, W/8] (C order), unit scale, before the sampler's initial-sigma scaling: what diffusers"
              + " takes as latents= (e.g. numpy's latents.astype('<f4').tofile(FILE)).")
  Path latents;

  @Option(names = "--out", required = true, description = "Output PNG file.")
  Path out;

  @Option(
      names = "--models",
      description = "SDXL export folder in Optimum's ONNX layout (default: stand-ins).")
  Path models;

  @Option(
      names = "--guidance",
      defaultValue = "5.0",
      description = "Classifier-free guidance scale (default: ${DEFAULT-VALUE}; <= 1 disables it).")
  double guidance;

  @Option(
      names = "--negative-prompt",
      description =
          "Negative prompt (default: none, i.e. zero embeddings as SDXL;"
              + " an empty string is encoded, as diffusers does).")
  String negativePrompt;

  @Option(
      names = "--negative-prompt-2",
      description = "Negative prompt for text_encoder_2 (default: --negative-prompt).")
  String negativePrompt2;

  @Option(
      names = "--scheduler",
      defaultValue = "euler",
      description =
          "Sampler: euler, dpmpp-2m (DPM-Solver++ 2M) or ddim"
              + " (default: ${DEFAULT-VALUE}; EULER, DPMPP_2M, dpmpp_2m are accepted too).")
  String scheduler;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int[] wh;
    GenerationRequest req;
    SchedulerKind kind;
    try {
      wh = parseSize(size);
      kind = SchedulerKind.parse(scheduler);
      req =
          new GenerationRequest(
              prompt,
              prompt2,
              negativePrompt,
              negativePrompt2,
              wh[0],
              wh[1],
              steps,
              seed,
              guidance,
              kind,
              latents == null ? null : readLatents(latents, wh[0], wh[1]));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    SdxlPipeline pipeline;
    long t0 = System.nanoTime();
    try {
      Path dir = DiffusionModelFolders.sdxl(models, System.out);
      pipeline =
          new SdxlPipeline(
              SdxlModels.load(dir, SessionCache.shared(CliEnvironment.executionProvider())));
    } catch (IllegalArgumentException | IllegalStateException e) {
      // A wrong folder or a model that breaks its contract: the message names file and tensor.
      System.err.println("generate: " + e.getMessage());
      return 2;
    }
    double loadMs = (System.nanoTime() - t0) / 1e6;
    GenerationResult r;
    try (SdxlPipeline owned = pipeline;
        ProgressBar pb = Progress.bar("denoising", steps)) {
      r = owned.generate(req, (s, n) -> pb.stepTo(s));
    } catch (IllegalStateException e) {
      // e.g. a decoder that overflowed (non-finite output): a reason, not a black image
      System.err.println("generate: " + e.getMessage());
      return 1;
    }
    io.hybridsr.core.image.ImageFiles.writePng(r.image(), out);
    GenerationResult.Timings t = r.timings();
    String kindName = pipeline.models().standIn() ? "STAND-IN SDXL" : "SDXL";
    System.out.printf(
        Locale.ROOT,
        "wrote %s (%dx%d, %s, %s, %d %s steps, %s, guidance %.1f)%n",
        out,
        wh[0],
        wh[1],
        kindName,
        SdxlContract.exporterForm(pipeline.models().unet().check()),
        steps,
        kind.cliName(),
        latents != null ? "latents " + latents : "seed " + seed,
        guidance);
    System.out.printf(
        Locale.ROOT,
        "latent %s; load %.0f ms, text %.0f ms, UNet %.1f ms/step (%.0f ms), VAE decode %.0f ms, total %.0f ms%n",
        r.latent().shape(),
        loadMs,
        t.textEncodingMillis(),
        t.denoiseMillis() / steps,
        t.denoiseMillis(),
        t.decodeMillis(),
        t.totalMillis());
    return 0;
  }

  /** Reads {@code [1, 4, H/8, W/8]} little-endian float32 latents; the size must match exactly. */
  static float[] readLatents(Path file, int width, int height) {
    long want = 4L * (height / 8) * (width / 8);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("--latents: cannot read " + file + ": " + e.getMessage());
    }
    if (bytes.length != want * 4) {
      throw new IllegalArgumentException(
          "--latents: "
              + file
              + " has "
              + bytes.length
              + " bytes; a "
              + width
              + "x"
              + height
              + " image needs [1, 4, "
              + height / 8
              + ", "
              + width / 8
              + "] float32 = "
              + want * 4
              + " bytes");
    }
    float[] out = new float[(int) want];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  static int[] parseSize(String s) {
    String[] p = s.toLowerCase(Locale.ROOT).split("x");
    try {
      if (p.length == 2) {
        return new int[] {Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim())};
      }
    } catch (NumberFormatException ignored) {
      // fall through to the message below
    }
    throw new IllegalArgumentException("--size: expected WxH such as 1024x1024, got '" + s + "'");
  }
}
