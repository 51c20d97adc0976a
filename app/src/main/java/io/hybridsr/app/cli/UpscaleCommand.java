package io.hybridsr.app.cli;

import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.Picture;
import io.hybridsr.core.partition.VariancePartitioner;
import io.hybridsr.inference.hybrid.HybridResult;
import io.hybridsr.inference.hybrid.HybridUpscaler;
import io.hybridsr.inference.realesrgan.PictureUpscaler;
import io.hybridsr.inference.realesrgan.RealEsrganModels;
import io.hybridsr.inference.realesrgan.RealEsrganOptions;
import io.hybridsr.inference.realesrgan.RealEsrganUpscaler;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./hybridsr upscale IN OUT}: Real-ESRGAN or hybrid super-resolution of one image. */
@Command(
    name = "upscale",
    mixinStandardHelpOptions = true,
    description =
        "Upscale a PNG or JPEG with Real-ESRGAN (x4plus or x4fast) and write a PNG. With --hybrid: the top-gamma patches by variance go to the edge model (x4plus; StableSR where available), the rest to the device model (x4fast), stitched with feathered overlap. Grey, 16-bit and alpha inputs are kept so in the output.")
public final class UpscaleCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "IN", description = "Input image (PNG or JPEG).")
  Path in;

  @Parameters(index = "1", paramLabel = "OUT", description = "Output PNG (written atomically).")
  Path out;

  @Option(
      names = "--model",
      defaultValue = "x4plus",
      paramLabel = "x4plus|x4fast",
      description = "Real-ESRGAN model without --hybrid (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--scale",
      defaultValue = "4",
      paramLabel = "2|3|4",
      description = "Output scale; 2 and 3 resample the x4 output (default: ${DEFAULT-VALUE}).")
  int scale;

  @Option(
      names = "--tile",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Tile side in input pixels; 0 = whole image at once (default: ${DEFAULT-VALUE}).")
  int tile;

  @Option(
      names = "--tile-pad",
      defaultValue = "-1",
      paramLabel = "N",
      description =
          "Context pixels around each tile; -1 = the model's seamless pad (x4fast 32, x4plus 96) (default: ${DEFAULT-VALUE}).")
  int tilePad;

  @Option(
      names = "--pre-pad",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Reflect-pad right and bottom by N before the network (default: ${DEFAULT-VALUE}).")
  int prePad;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "ONNX Runtime intra-op threads (default: number of cores).")
  Integer threads;

  @Option(
      names = "--precision",
      defaultValue = "fp32",
      paramLabel = "fp32|int8|fp16|bf16",
      description = SrCliSupport.PRECISION_HELP)
  String precision;

  @Option(
      names = "--hybrid",
      description = "Hybrid SR: foreground to the edge model, background to the device model.")
  boolean hybrid;

  @Option(
      names = "--gamma",
      defaultValue = "0.25",
      paramLabel = "G",
      description =
          "Fraction of patches that are foreground, in [0,1] (default: ${DEFAULT-VALUE}).")
  double gamma;

  @Option(
      names = "--grid",
      defaultValue = "4",
      paramLabel = "N",
      description = "Patches per side (default: ${DEFAULT-VALUE}).")
  int grid;

  @Option(
      names = "--margin",
      defaultValue = "8",
      paramLabel = "N",
      description =
          "Hybrid: context pixels around each patch, blended across (default: ${DEFAULT-VALUE}).")
  int margin;

  @Option(
      names = "--explain",
      paramLabel = "PNG",
      description =
          "Also write the partition drawn over the input: red foreground, green background.")
  Path explain;

  @Option(
      names = "--models",
      paramLabel = "DIR",
      description = "Models folder (default: $HYBRIDSR_MODELS or the user cache).")
  Path models;

  @Option(
      names = "--max-pixels",
      defaultValue = "40000000",
      paramLabel = "N",
      description = "Refuse inputs with more pixels than this (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  @Override
  public Integer call() {
    return SrCliSupport.run(
        "upscale",
        () -> {
          if (scale < 2 || scale > 4) {
            throw new IllegalArgumentException("--scale must be 2, 3 or 4, got " + scale);
          }
          RealEsrganModel m = RealEsrganModel.parse(model);
          RealEsrganOptions opts =
              new RealEsrganOptions(
                      threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                      tile,
                      tilePad,
                      prePad,
                      SrCliSupport.precision("--precision", precision))
                  .withProvider(CliEnvironment.executionProvider());
          VariancePartitioner partitioner = new VariancePartitioner(grid, gamma);
          Picture pic = ImageFiles.read(in, maxPixels);
          ModelStore store = ModelStore.locate(models);
          long t0 = System.nanoTime();
          Picture result;
          String served;
          if (hybrid) {
            HybridUpscaler h = HybridUpscaler.withRealEsrgan(store, opts, partitioner, margin);
            AtomicReference<HybridResult> report = new AtomicReference<>();
            try (ProgressBar pb = SrCliSupport.progress("hybrid patches", (long) grid * grid)) {
              result =
                  PictureUpscaler.upscale(
                      pic,
                      rgb -> {
                        HybridResult r = h.upscale(rgb, (done, total) -> pb.stepTo(done));
                        report.set(r);
                        return r.image();
                      },
                      h.scale(),
                      scale);
            }
            served = report.get().summary();
          } else {
            RealEsrganUpscaler sr = RealEsrganModels.open(store, m, opts);
            try (ProgressBar pb = SrCliSupport.progress(m.shortName() + " tiles", 1)) {
              result =
                  PictureUpscaler.upscale(
                      pic,
                      rgb ->
                          sr.upscale(
                              rgb,
                              (done, total) -> {
                                pb.maxHint(total);
                                pb.stepTo(done);
                              }),
                      sr.scale(),
                      scale);
            }
            served =
                sr.name()
                    + ", "
                    + (tile == 0 ? "whole image" : "tiles of " + tile + " px")
                    + ", "
                    + opts.threads()
                    + " threads";
          }
          double secs = (System.nanoTime() - t0) / 1e9;
          ImageFiles.writePng(result, out);
          SrCliSupport.line(
              System.out,
              "%s %dx%d -> %s %dx%d in %.2f s (%s)",
              in,
              pic.width(),
              pic.height(),
              out,
              result.width(),
              result.height(),
              secs,
              served);
          if (explain != null) {
            ImageFiles.writePng(
                io.hybridsr.core.partition.PartitionOverlay.draw(
                    pic.rgb(), partitioner.partition(pic.rgb())),
                explain);
            System.out.println("partition drawn in " + explain);
          }
          return 0;
        });
  }

  /** The input with each patch tinted and outlined: red foreground, green background. */
}
