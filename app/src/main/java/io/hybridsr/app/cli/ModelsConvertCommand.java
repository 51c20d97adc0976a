package io.hybridsr.app.cli;

import io.hybridsr.inference.ncnn.ConvertedModelCache;
import io.hybridsr.inference.ncnn.GraphStats;
import io.hybridsr.inference.ncnn.NcnnToOnnxConverter;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hybridsr models convert}: ncnn to ONNX, for the store's Real-ESRGAN models or for any
 * .param/.bin pair given.
 */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description =
        "Convert ncnn models (.param + .bin) to ONNX and print their FLOPs per input pixel. Without --param/--bin: the Real-ESRGAN models of the models folder (fetched if missing); the ONNX file is cached next to the weights, named by their hash.")
public final class ModelsConvertCommand implements Callable<Integer> {
  @Option(
      names = "--models",
      paramLabel = "DIR",
      description = "Models folder (default: $HYBRIDSR_MODELS or the user cache).")
  Path models;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      defaultValue = "all",
      description = "x4plus, x4fast or all (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--param",
      paramLabel = "FILE",
      description = "An ncnn .param file to convert instead (with --bin and --out).")
  Path param;

  @Option(names = "--bin", paramLabel = "FILE", description = "The .bin weights of --param.")
  Path bin;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the ONNX model of --param/--bin.")
  Path out;

  @Option(
      names = "--no-fold-concat",
      description =
          "With --param: keep each Concat before a convolution "
              + "(for comparing against the folded graph the runners use).")
  boolean noFoldConcat;

  @Option(
      names = "--no-blocked-prelu",
      description =
          "With --param: write PReLU as ONNX's PRelu, not in "
              + "the blocked form the runners use.")
  boolean noBlockedPrelu;

  @Override
  public Integer call() {
    return SrCliSupport.run(
        "models convert",
        () -> {
          if (param != null || bin != null || out != null) {
            if (param == null || bin == null || out == null) {
              throw new IllegalArgumentException("--param, --bin and --out go together");
            }
            long t0 = System.nanoTime();
            NcnnToOnnxConverter.Result r =
                NcnnToOnnxConverter.convert(param, bin, !noFoldConcat, !noBlockedPrelu);
            Files.createDirectories(out.toAbsolutePath().getParent());
            Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".convert", ".part");
            try (var os = Files.newOutputStream(tmp)) {
              r.model().writeTo(os);
            }
            Files.move(
                tmp,
                out,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            print(param.getFileName().toString(), out, r.stats(), System.nanoTime() - t0);
            return 0;
          }
          if (noFoldConcat || noBlockedPrelu) {
            throw new IllegalArgumentException(
                "--no-fold-concat and --no-blocked-prelu go with --param/--bin/--out"
                    + " (the model store keeps the graphs the runners use)");
          }
          ModelStore store = ModelStore.locate(models);
          List<RealEsrganModel> which =
              model.equalsIgnoreCase("all")
                  ? List.of(RealEsrganModel.values())
                  : List.of(RealEsrganModel.parse(model));
          for (RealEsrganModel m : which) {
            ModelStore.Weights w = store.ensure(m);
            long t0 = System.nanoTime();
            Path onnx = ConvertedModelCache.onnxFor(w.param(), w.bin());
            print(m.fileStem(), onnx, NcnnToOnnxConverter.stats(w.param()), System.nanoTime() - t0);
          }
          return 0;
        });
  }

  private static void print(String name, Path onnx, GraphStats s, long nanos)
      throws java.io.IOException {
    SrCliSupport.line(
        System.out,
        "%s: %s (%.1f MB, %.1f s)%n  x%d, %d layers, %,d parameters, %.3f MFLOP per input pixel",
        name,
        onnx,
        Files.size(onnx) / 1e6,
        nanos / 1e9,
        s.scale(),
        s.layers(),
        s.parameters(),
        s.flopsPerInputPixel() / 1e6);
  }
}
