package io.hybridsr.device.cli;

import io.hybridsr.device.DeviceConfig;
import io.hybridsr.device.DeviceConsumer;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.quant.PrecisionUnavailableException;
import io.hybridsr.inference.realesrgan.QualityBudget;
import io.hybridsr.inference.realesrgan.RealEsrganOptions;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import io.hybridsr.kafka.security.ClientPropertiesFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hybridsr device}, or {@code device} in the device image: the device application (the
 * Jetson side).
 */
@Command(
    name = "device",
    mixinStandardHelpOptions = true,
    header = "Runs one device: Real-ESRGAN on background patches, stitching, outcomes.",
    description = {
      "Runs one device: reads hybridsr.device.<ID>, upscales background patches with Real-ESRGAN,",
      "stitches each task with feathered overlap-add, writes OUT/<taskId>.png and reports the",
      "outcome (measured T1..T6 beside the predictions) on hybridsr.outcomes.<ID>; the job checks",
      "it against its plan and relays it to hybridsr.results. Ctrl-C stops it.",
      "Kafka client settings (SASL credentials) are read from the properties file named by",
      "HYBRIDSR_KAFKA_PROPERTIES when it is set (docs/security.md).",
      "With --precision int8 it first measures what int8 costs on held-out photo crops (PSNR against the",
      "originals, beside fp32's) and refuses to start when the loss exceeds --max-psnr-loss; bf16 is refused",
      "with ONNX Runtime's reason. Exit code 2 for a refused precision."
    })
public final class DeviceCommand implements Callable<Integer> {
  @Option(names = "--id", required = true, description = "Device id (names its topic)")
  String id;

  @Option(
      names = "--bootstrap",
      defaultValue = "localhost:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
  String bootstrap;

  @Option(
      names = "--out",
      defaultValue = "out/device",
      description = "Image folder; a sub-folder per device (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--model",
      defaultValue = "x4fast",
      description = "Background SR network: x4fast or x4plus (default: ${DEFAULT-VALUE})")
  String model;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description =
          "SR threads: the device's share of its compute budget C'max (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--precision",
      defaultValue = "fp32",
      paramLabel = "fp32|int8|bf16",
      description =
          "SR graph precision: int8 is 2-3.5x faster on CPUs with VNNI (measured here), if its measured quality loss is within"
              + " --max-psnr-loss (default: ${DEFAULT-VALUE})")
  String precision;

  @Option(
      names = "--max-psnr-loss",
      defaultValue = "" + QualityBudget.DEFAULT_MAX_PSNR_LOSS_DB,
      paramLabel = "DB",
      description =
          "Quality budget of a reduced precision: the most PSNR against the originals it may lose to fp32,"
              + " measured at start on held-out crops (default: ${DEFAULT-VALUE} dB)")
  double maxPsnrLoss;

  @Option(
      names = "--link-mbps",
      defaultValue = "0",
      description =
          "Link emulation: receive patches at most this fast, e.g. 10 as in the paper (default: off)")
  double linkMbps;

  @Option(
      names = "--deadline-s",
      defaultValue = "600",
      description =
          "Report a task incomplete when its patches are not all in this long after the first (default: ${DEFAULT-VALUE})")
  long deadlineSeconds;

  @Option(
      names = "--overlay",
      description =
          "Also write <taskId>.partition.png with the foreground (red) and background (green) patches drawn")
  boolean overlay;

  @Option(
      names = "--models",
      paramLabel = "DIR",
      description = "Real-ESRGAN weights folder (default: the model store's)")
  Path models;

  @Override
  public Integer call() throws Exception {
    RealEsrganModel m;
    Precision p;
    QualityBudget budget;
    try {
      if (threads < 1) {
        throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
      }
      m = RealEsrganModel.parse(model, "--model");
      p = Precision.parse(precision);
      budget = new QualityBudget(maxPsnrLoss);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(
          new picocli.CommandLine(this), e.getMessage());
    }
    ModelStore store = ModelStore.locate(models);
    SuperResolver sr;
    try {
      sr =
          budget.open(
              store,
              m,
              RealEsrganOptions.defaults().withThreads(threads).withPrecision(p),
              q -> System.out.println("device " + id + ": " + budget.describe(q)));
    } catch (PrecisionUnavailableException e) {
      System.err.println("device " + id + ": " + e.getMessage());
      return 2;
    }
    DeviceConfig cfg =
        new DeviceConfig(
            id,
            bootstrap,
            out.resolve(id),
            Duration.ofSeconds(deadlineSeconds),
            linkMbps * 1e6,
            ClientPropertiesFile.fromEnvironment().orElse(Map.of()),
            overlay);
    DeviceConsumer d = new DeviceConsumer(cfg, sr);
    Thread loop = new Thread(d, "device-" + id);
    Runtime.getRuntime().addShutdownHook(new Thread(d::close));
    System.out.println(
        "device "
            + id
            + ": "
            + sr.name()
            + " ("
            + threads
            + " threads), images in "
            + cfg.outputDir()
            + (linkMbps > 0 ? ", link emulation at " + linkMbps + " Mbit/s" : ""));
    loop.start();
    try {
      loop.join();
    } finally {
      sr.close(); // the consumer has stopped: nothing runs on the model any more
    }
    return 0;
  }
}
