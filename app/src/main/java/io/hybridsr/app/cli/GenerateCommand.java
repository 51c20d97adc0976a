package io.hybridsr.app.cli;

import io.hybridsr.inference.diffusion.SchedulerKind;
import io.hybridsr.inference.onnx.SessionCache;
import io.hybridsr.inference.sdxl.GenerationRequest;
import io.hybridsr.inference.sdxl.GenerationResult;
import io.hybridsr.inference.sdxl.SdxlModels;
import io.hybridsr.inference.sdxl.SdxlPipeline;
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
      "CUDA: build with -Pcuda and run with HYBRIDSR_EP=cuda."
    })
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--prompt", required = true, description = "The text prompt.")
  String prompt;

  @Option(names = "--size", required = true, description = "Image size WxH in pixels, multiples of 8 (e.g. 1024x1024).")
  String size;

  @Option(names = "--steps", required = true, description = "Denoising steps D (1..999).")
  int steps;

  @Option(names = "--seed", defaultValue = "0", description = "Noise seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Output PNG file.")
  Path out;

  @Option(names = "--models", description = "SDXL export folder in Optimum's ONNX layout (default: stand-ins).")
  Path models;

  @Option(names = "--guidance", defaultValue = "5.0", description = "Classifier-free guidance scale (default: ${DEFAULT-VALUE}; <= 1 disables it).")
  double guidance;

  @Option(names = "--negative-prompt", defaultValue = "", description = "Negative prompt (default: none, i.e. zero embeddings as SDXL).")
  String negativePrompt;

  @Option(names = "--scheduler", defaultValue = "EULER", description = "Sampler: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  SchedulerKind scheduler;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    int[] wh;
    GenerationRequest req;
    try {
      wh = parseSize(size);
      req = new GenerationRequest(prompt, negativePrompt, wh[0], wh[1], steps, seed, guidance, scheduler);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    SdxlPipeline pipeline;
    long t0 = System.nanoTime();
    try {
      Path dir = DiffusionModelFolders.sdxl(models, System.out);
      pipeline = new SdxlPipeline(SdxlModels.load(dir, SessionCache.shared()));
    } catch (IllegalArgumentException | IllegalStateException e) {
      // A wrong folder or a model that breaks its contract: the message names file and tensor.
      System.err.println("generate: " + e.getMessage());
      return 2;
    }
    double loadMs = (System.nanoTime() - t0) / 1e6;
    GenerationResult r;
    try (ProgressBar pb = Progress.bar("denoising", steps)) {
      r = pipeline.generate(req, (s, n) -> pb.stepTo(s));
    }
    io.hybridsr.core.image.ImageFiles.writePng(r.image(), out);
    GenerationResult.Timings t = r.timings();
    String kind = pipeline.models().standIn() ? "STAND-IN SDXL" : "SDXL";
    System.out.printf(Locale.ROOT, "wrote %s (%dx%d, %s, %d %s steps, seed %d, guidance %.1f)%n", out, wh[0], wh[1], kind,
        steps, scheduler.name().toLowerCase(Locale.ROOT), seed, guidance);
    System.out.printf(Locale.ROOT, "latent %s; load %.0f ms, text %.0f ms, UNet %.1f ms/step (%.0f ms), VAE decode %.0f ms, total %.0f ms%n",
        r.latent().shape(), loadMs, t.textEncodingMillis(), t.denoiseMillis() / steps, t.denoiseMillis(), t.decodeMillis(),
        t.totalMillis());
    return 0;
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
