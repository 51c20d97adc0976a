package io.hybridsr.app.cli;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Resampler;
import io.hybridsr.inference.ncnn.GraphStats;
import io.hybridsr.inference.quant.ExternalWeights;
import io.hybridsr.inference.quant.Fp16Conversion;
import io.hybridsr.inference.quant.PhotoCrops;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.realesrgan.RealEsrganModels;
import io.hybridsr.inference.realesrgan.RealEsrganOptions;
import io.hybridsr.inference.realesrgan.RealEsrganUpscaler;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hybridsr models bundle}: what a GPU check of the Real-ESRGAN graphs needs on a machine
 * with no JDK (the project's accelerator machine has Python and ONNX Runtime): the converted fp32
 * and fp16 graphs, their inputs, and this CPU's outputs to compare with, for {@code
 * scripts/gpu_check.py}. The fp32 graph keeps its weights in half (exact: the upscayl weights are
 * half precision), sharing one weights file with the fp16 graph, so both models fit in ~45 MB.
 */
@Command(
    name = "bundle",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the Real-ESRGAN graphs (fp32 and fp16) with inputs and this CPU's outputs into DIR, with a"
          + " manifest.json, for scripts/gpu_check.py to time and compare on a GPU machine (Python, numpy,"
          + " onnxruntime with CUDA; no JDK needed).",
      "The fp32 graph stores its weights in half (exact for the upscayl weights) and shares one weights file"
          + " with the fp16 graph; it computes exactly what the cached fp32 graph does (RealEsrganFp16Test).",
    })
public final class ModelsBundleCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Bundle folder.")
  Path out;

  @Option(
      names = "--model",
      split = ",",
      defaultValue = "x4fast,x4plus",
      paramLabel = "M,...",
      description = "Models to bundle (default: ${DEFAULT-VALUE}).")
  List<String> modelNames;

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "64,128,256,512",
      paramLabel = "PX,...",
      description = "Square input sides to time (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(
      names = "--threads",
      description = "ONNX Runtime threads for the reference outputs (default: number of cores).")
  Integer threads;

  @Option(
      names = "--models",
      paramLabel = "DIR",
      description = "Models folder (default: $HYBRIDSR_MODELS or the user cache).")
  Path models;

  /** The crop the timing inputs are cut or scaled from: content does not change a pass's time. */
  static final String TIMING_CROP = "astronaut-tr";

  @Override
  public Integer call() {
    return SrCliSupport.run(
        "models bundle",
        () -> {
          for (int s : sizes) {
            if (s < 8 || s > 2048) {
              throw new IllegalArgumentException("--sizes: each side in [8, 2048], got " + s);
            }
          }
          List<RealEsrganModel> which = modelNames.stream().map(RealEsrganModel::parse).toList();
          int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
          Files.createDirectories(out.resolve("inputs"));
          Files.createDirectories(out.resolve("ref"));
          Map<String, Object> manifest = new LinkedHashMap<>();
          manifest.put("made_by", "./hybridsr models bundle " + String.join(" ", argsForLog()));
          manifest.put("made_at", Instant.now().toString());
          manifest.put(
              "reference_runtime",
              "ONNX Runtime " + OrtEnvironment.getEnvironment().getVersion() + " (Java, CPU)");
          List<Map<String, Object>> modelEntries = new ArrayList<>();
          manifest.put("models", modelEntries);
          List<Map<String, Object>> inputs = new ArrayList<>();
          manifest.put("inputs", inputs);
          List<Map<String, Object>> refs = new ArrayList<>();
          manifest.put("references", refs);

          ImageTensor base = PhotoCrops.load(List.of(TIMING_CROP)).get(0).original();
          for (int s : sizes) {
            ImageTensor x = timingInput(base, s);
            inputs.add(tensorFile("timing-" + s, "timing", x));
          }
          List<PhotoCrops.Crop> crops = PhotoCrops.load(PhotoCrops.HOLD_OUT);
          for (PhotoCrops.Crop c : crops) {
            inputs.add(tensorFile(c.name(), "accuracy", c.low()));
          }

          ModelStore store = ModelStore.locate(models);
          for (RealEsrganModel m : which) {
            ModelStore.Weights w = store.ensure(m);
            String stem = m.fileStem();
            System.out.println(stem + ": converting...");
            ModelProto fp32 =
                ModelProto.parseFrom(Files.readAllBytes(RealEsrganModels.onnx(w, Precision.FP32)));
            List<ModelProto> graphs =
                ExternalWeights.share(
                    List.of(Fp16Conversion.storeInHalf(fp32), Fp16Conversion.convert(fp32)),
                    out,
                    stem + ".weights");
            Files.write(out.resolve(stem + "-fp32.onnx"), graphs.get(0).toByteArray());
            Files.write(out.resolve(stem + "-fp16.onnx"), graphs.get(1).toByteArray());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", stem);
            GraphStats stats = RealEsrganModels.stats(w);
            entry.put("scale", stats.scale());
            entry.put("flops_per_input_pixel", stats.flopsPerInputPixel());
            entry.put("graphs", Map.of("fp32", stem + "-fp32.onnx", "fp16", stem + "-fp16.onnx"));
            entry.put("weights", stem + ".weights");
            modelEntries.add(entry);
            for (Precision p : List.of(Precision.FP32, Precision.FP16)) {
              try (RealEsrganUpscaler r =
                  RealEsrganModels.open(
                      store, m, RealEsrganOptions.defaults().withThreads(t).withPrecision(p))) {
                for (PhotoCrops.Crop c : crops) {
                  ImageTensor y = r.forward(c.low());
                  String file = "ref/" + stem + "-" + p.id() + "-" + c.name() + ".f32";
                  write(out.resolve(file), y);
                  Map<String, Object> ref = new LinkedHashMap<>();
                  ref.put("model", stem);
                  ref.put("precision", p.id());
                  ref.put("input", c.name());
                  ref.put("file", file);
                  ref.put("shape", shape(y));
                  refs.add(ref);
                }
              }
            }
            System.out.printf(
                Locale.ROOT,
                "%s: %s-fp32.onnx, %s-fp16.onnx, %s.weights (%.1f MB)%n",
                stem,
                stem,
                stem,
                stem,
                Files.size(out.resolve(stem + ".weights")) / 1e6);
          }
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValue(out.resolve("manifest.json").toFile(), manifest);
          long bytes = 0;
          try (var files = Files.list(out)) {
            for (Path f : files.toList()) {
              bytes += Files.isDirectory(f) ? folderBytes(f) : Files.size(f);
            }
          }
          System.out.printf(
              Locale.ROOT,
              "bundle: %s (%.1f MB). On a GPU machine: python3 scripts/gpu_check.py %s --out DIR%n",
              out,
              bytes / 1e6,
              out);
          return 0;
        });
  }

  private static long folderBytes(Path dir) throws IOException {
    long n = 0;
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        n += Files.size(f);
      }
    }
    return n;
  }

  private List<String> argsForLog() {
    List<String> a = new ArrayList<>(List.of("--out", out.toString()));
    a.addAll(List.of("--model", String.join(",", modelNames)));
    a.addAll(List.of("--sizes", String.join(",", sizes.stream().map(String::valueOf).toList())));
    return a;
  }

  /** A square input of side {@code s}: a centre crop of {@code base}, or {@code base} scaled up. */
  static ImageTensor timingInput(ImageTensor base, int s) {
    ImageTensor x = base;
    if (s > Math.min(x.width(), x.height())) {
      double f = (double) s / Math.min(x.width(), x.height());
      x = Resampler.scale(x, f).clampInPlace(0f, 1f);
    }
    return x.crop((x.width() - s) / 2, (x.height() - s) / 2, s, s);
  }

  private Map<String, Object> tensorFile(String name, String use, ImageTensor x)
      throws IOException {
    String file = "inputs/" + name + ".f32";
    write(out.resolve(file), x);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("use", use);
    m.put("file", file);
    m.put("shape", shape(x));
    return m;
  }

  private static List<Integer> shape(ImageTensor x) {
    return List.of(1, x.channels(), x.height(), x.width());
  }

  /** {@code x} as raw little-endian float32, NCHW with N = 1 (numpy: {@code fromfile('<f4')}). */
  static void write(Path file, ImageTensor x) throws IOException {
    float[] d = x.data();
    ByteBuffer b = ByteBuffer.allocate(4 * d.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(d);
    Files.write(file, b.array());
  }
}
