package io.hybridsr.app.cli;

import io.hybridsr.inference.contract.ModelContract;
import io.hybridsr.inference.contract.SdxlContract;
import io.hybridsr.inference.contract.StableSrContract;
import io.hybridsr.inference.onnx.LoadedModel;
import io.hybridsr.inference.onnx.SessionCache;
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

/** {@code ./hybridsr models list}: every diffusion model, real or stand-in, with its contract check. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the SDXL and StableSR models: real, STAND-IN or REFERENCE (the tiny random-weight export diffusers' outputs"
          + " were recorded for), path, SHA-256 of the model file, and the result of"
          + " checking it against its contract (input/output names, ranks, element types).",
      "Without --sdxl/--stablesr it lists the stand-ins (generating them into the cache on first use)."
    })
public final class ModelsListCommand implements Callable<Integer> {
  @Option(names = "--sdxl", description = "SDXL export folder (Optimum ONNX layout).")
  Path sdxl;

  @Option(names = "--stablesr", description = "StableSR export folder (docs/model-contracts.md).")
  Path stableSr;

  @Override
  public Integer call() throws Exception {
    Path sdxlDir = DiffusionModelFolders.sdxl(sdxl, System.out);
    Path srDir = DiffusionModelFolders.stableSr(stableSr, System.out);
    int bad = 0;
    System.out.printf(Locale.ROOT, "%-9s %-15s %-9s %-18s %-60s %s%n", "family", "model", "kind", "sha256(file)", "path", "contract");
    bad += list("sdxl", sdxlDir, SdxlContract.ALL);
    bad += list("stablesr", srDir, StableSrContract.ALL);
    System.out.println(bad == 0 ? "all models match their contracts" : bad + " model(s) do not match their contracts");
    return bad == 0 ? 0 : 1;
  }

  private static int list(String family, Path dir, List<ModelContract> contracts) throws IOException {
    String kind = DiffusionModelFolders.kind(dir);
    int bad = 0;
    SessionCache opener = SessionCache.shared();
    for (ModelContract c : contracts) {
      Path file = dir.resolve(c.model()).resolve("model.onnx");
      Path torchScript = dir.resolve(c.model()).resolve("model.pt");
      if (!Files.isRegularFile(file) && Files.isRegularFile(torchScript)) {
        System.out.printf(Locale.ROOT, "%-9s %-15s %-9s %-18s %-60s %s%n", family, c.model(), kind,
            sha256(torchScript).substring(0, 16) + "...", torchScript, "torchscript: output ranks checked on each call");
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
          String form = SdxlContract.exporterForm(m.check()); // "... (Optimum >= 1.24)" where the form tells
          if (c == SdxlContract.UNET && form.contains(" (")) {
            result += form.substring(form.indexOf(" ("));
          }
          m.session().close();
        } catch (RuntimeException | ai.onnxruntime.OrtException e) {
          result = "MISMATCH: " + e.getMessage().replace('\n', ' ');
          bad++;
        }
      }
      System.out.printf(Locale.ROOT, "%-9s %-15s %-9s %-18s %-60s %s%n", family, c.model(), kind, hash, file, result);
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
