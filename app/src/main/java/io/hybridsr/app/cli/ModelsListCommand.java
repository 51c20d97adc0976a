package io.hybridsr.app.cli;

import io.hybridsr.inference.contract.ModelContract;
import io.hybridsr.inference.contract.SdxlContract;
import io.hybridsr.inference.contract.StableSrContract;
import io.hybridsr.inference.ncnn.ConvertedModelCache;
import io.hybridsr.inference.onnx.LoadedModel;
import io.hybridsr.inference.onnx.SessionCache;
import io.hybridsr.inference.quant.Bf16Support;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.realesrgan.RealEsrganModels;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hybridsr models list}: every diffusion model, real or stand-in, with its contract check;
 * and each Real-ESRGAN model's converted graphs, one line per precision.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the SDXL and StableSR models: real, STAND-IN or REFERENCE (the tiny random-weight export diffusers' outputs"
          + " were recorded for), path, SHA-256 of the model file, and the result of"
          + " checking it against its contract (input/output names, ranks, element types).",
      "Without --sdxl/--stablesr it lists the stand-ins (generating them into the cache on first use).",
      "Then each Real-ESRGAN model's variants: fp32 and int8 graphs (converted, or converted on first use), bf16 refused with"
          + " the reason; nothing is fetched or converted by listing."
    })
public final class ModelsListCommand implements Callable<Integer> {
  @Option(names = "--sdxl", description = "SDXL export folder (Optimum ONNX layout).")
  Path sdxl;

  @Option(names = "--stablesr", description = "StableSR export folder (docs/model-contracts.md).")
  Path stableSr;

  @Option(
      names = "--models",
      paramLabel = "DIR",
      description = "Real-ESRGAN models folder (default: $HYBRIDSR_MODELS or the user cache).")
  Path models;

  @Override
  public Integer call() throws Exception {
    Path sdxlDir = DiffusionModelFolders.sdxl(sdxl, System.out);
    Path srDir = DiffusionModelFolders.stableSr(stableSr, System.out);
    int bad = 0;
    System.out.printf(
        Locale.ROOT,
        "%-9s %-15s %-9s %-18s %-60s %s%n",
        "family",
        "model",
        "kind",
        "sha256(file)",
        "path",
        "contract");
    bad += list("sdxl", sdxlDir, SdxlContract.ALL);
    bad += list("stablesr", srDir, StableSrContract.ALL);
    System.out.println(
        bad == 0
            ? "all models match their contracts"
            : bad + " model(s) do not match their contracts");
    listRealEsrgan(ModelStore.locate(models));
    return bad == 0 ? 0 : 1;
  }

  /**
   * One line per Real-ESRGAN model and precision: its runner name and converted file, or why there
   * is none.
   */
  private static void listRealEsrgan(ModelStore store) throws IOException {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%-10s %-24s %-9s %-10s %s%n",
        "family",
        "runner",
        "precision",
        "size",
        "graph");
    for (RealEsrganModel m : RealEsrganModel.values()) {
      for (Precision p : Precision.values()) {
        String runner = RealEsrganModels.runnerName(m, p);
        String state;
        String size = "-";
        if (!store.isPresent(m)) {
          state = "weights not fetched (./hybridsr models fetch)";
        } else if (p == Precision.BF16) {
          state = "refused: " + Bf16Support.problem().orElse("no bf16 graph writer yet");
        } else {
          Path onnx =
              ConvertedModelCache.cachedPath(
                  store.dir().resolve(m.paramFile()), store.dir().resolve(m.binFile()), p);
          if (Files.isRegularFile(onnx)) {
            state = onnx.toString();
            size = String.format(Locale.ROOT, "%.1f MB", Files.size(onnx) / 1e6);
          } else {
            state =
                "not converted yet (converted"
                    + (p == Precision.INT8 ? " and calibrated" : "")
                    + " on first use): "
                    + onnx;
          }
        }
        System.out.printf(
            Locale.ROOT, "%-10s %-24s %-9s %-10s %s%n", "realesrgan", runner, p, size, state);
      }
    }
  }

  private static int list(String family, Path dir, List<ModelContract> contracts)
      throws IOException {
    String kind = DiffusionModelFolders.kind(dir);
    int bad = 0;
    SessionCache opener = SessionCache.shared(CliEnvironment.executionProvider());
    for (ModelContract c : contracts) {
      Path file = dir.resolve(c.model()).resolve("model.onnx");
      Path torchScript = dir.resolve(c.model()).resolve("model.pt");
      if (!Files.isRegularFile(file) && Files.isRegularFile(torchScript)) {
        System.out.printf(
            Locale.ROOT,
            "%-9s %-15s %-9s %-18s %-60s %s%n",
            family,
            c.model(),
            kind,
            sha256(torchScript).substring(0, 16) + "...",
            torchScript,
            "torchscript: output ranks checked on each call");
        continue;
      }
      String hash = Files.isRegularFile(file) ? sha256(file).substring(0, 16) + "..." : "-";
      String result;
      if (!Files.isRegularFile(file)) {
        result = "MISSING";
        bad++;
      } else {
        try {
          LoadedModel m = opener.open(file, c);
          result = m.check().summary();
          String form =
              SdxlContract.exporterForm(m.check()); // "... (Optimum >= 1.24)" where the form tells
          if (c == SdxlContract.UNET && form.contains(" (")) {
            result += form.substring(form.indexOf(" ("));
          }
          m.session().close();
        } catch (RuntimeException | ai.onnxruntime.OrtException e) {
          result = "MISMATCH: " + e.getMessage().replace('\n', ' ');
          bad++;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%-9s %-15s %-9s %-18s %-60s %s%n",
          family,
          c.model(),
          kind,
          hash,
          file,
          result);
    }
    return bad;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 20];
      for (int n; (n = in.read(buf)) > 0; ) {
        d.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(d.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
