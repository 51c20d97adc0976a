package io.hybridsr.app.cli;

import io.hybridsr.app.demo.Answers;
import io.hybridsr.app.demo.Demo;
import io.hybridsr.app.demo.DemoReport;
import io.hybridsr.app.demo.PredictionErrors;
import io.hybridsr.core.config.StandardResolution;
import io.hybridsr.core.sim.PromptSource;
import io.hybridsr.core.stage.RunnerSet;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.quant.PrecisionUnavailableException;
import io.hybridsr.inference.realesrgan.QualityBudget;
import io.hybridsr.inference.realesrgan.RealEsrganOptions;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import io.hybridsr.operators.edge.EdgeModelSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hybridsr demo}: the whole system on one machine, with a report at the end. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header =
        "Runs the whole system on this machine (broker, job, devices, load) and writes a report.",
    description = {
      "Runs everything on this machine with no other set-up: an in-JVM Kafka broker, the",
      "streaming job on a local Flink MiniCluster (dashboard URL printed), one device consumer",
      "per device, and a load generator sending --tasks PartiPrompts tasks from --users users as",
      "Poisson arrivals, with mixed target resolutions and lambda. The scheduler predicts with this",
      "machine's calibrated profile (calibrated on first use, cached) and learns while the job runs.",
      "Prints a table per task (configuration, predicted vs measured latency by stage, image), the",
      "prediction error per stage, every task's one final outcome, and writes OUT/report/index.html",
      "(gallery with partition overlays, latency breakdowns, predicted-vs-measured, error over time).",
      "SDXL runs as stand-in models unless --sdxl DIR gives a real export; Real-ESRGAN runs on",
      "its real weights (fetched with npm on first use). The devices run as threads beside the",
      "edge. On Linux each device gets a CPU of its own and the edge's runner the rest, as on",
      "machines apart (Flink and Kafka run beside the devices, whose SR of seconds absorbs their",
      "bursts); where the CPUs are too few (or with --shared-cpus) they share them, the devices",
      "at a lower priority (nice 10), and the planner counts how they slow each other."
    })
public final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec commandSpec;

  @Option(
      names = "--out",
      defaultValue = "out/demo",
      description = "Output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--users",
      defaultValue = "6",
      description = "Users K, sending in turn (default: ${DEFAULT-VALUE})")
  int users;

  @Option(
      names = "--tasks",
      defaultValue = "24",
      description =
          "Tasks in all, enough for the prediction error after the warm-up (default: ${DEFAULT-VALUE})")
  int tasks;

  @Option(
      names = "--arrivals-per-minute",
      defaultValue = "6",
      description =
          "Poisson arrival rate of tasks; 0 sends them all at once (default: ${DEFAULT-VALUE}:"
              + " about three quarters of what one device on a CPU of its own can serve)")
  double arrivalsPerMinute;

  @Option(
      names = "--warmup",
      defaultValue = "6",
      description =
          "First tasks left out of the prediction error: the planner has not learned yet (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--slow-device-after",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Slow the first device's emulated link (by --slow-device-factor) once N tasks are sent"
              + " (0: never), to show the planner learning a device that slows down")
  int slowDeviceAfter;

  @Option(
      names = "--slow-device-factor",
      defaultValue = "2",
      paramLabel = "F",
      description =
          "How many times slower the slowed device's link gets (default: ${DEFAULT-VALUE}, half its rate)")
  double slowDeviceFactor;

  @Option(
      names = "--devices",
      description =
          "Device consumers (default: one per CPU beyond the edge's first, at most 2; 1 on a"
              + " 2-CPU machine)")
  Integer devices;

  @Option(
      names = "--shared-cpus",
      description =
          "Let the edge and the devices share every CPU (devices at nice 10, planned as"
              + " co-located) instead of giving each device a CPU of its own")
  boolean sharedCpus;

  @Option(
      names = "--device-threads",
      defaultValue = "1",
      description =
          "Model threads per device (default: ${DEFAULT-VALUE}: the edge and each device get their own core where they can)")
  int deviceThreads;

  @Option(
      names = "--colocated-cores",
      defaultValue = "1",
      description =
          "Where the edge and the devices share CPUs (--shared-cpus, or too few CPUs): the CPUs"
              + " they plan to have to themselves, as the job's runners.colocated.cores; 0: this"
              + " machine's processors (default: ${DEFAULT-VALUE}: the JVM's own work, Flink, Kafka"
              + " and encoding, takes the rest)")
  int colocatedCores;

  @Option(
      names = "--resolutions",
      defaultValue = "2560x1440,1920x1080,1280x720",
      split = ",",
      description =
          "Target resolutions, WxH or 720p/1080p/1440p/2K, cycled over users (default: ${DEFAULT-VALUE}:"
              + " direct generation and both SR paths); 2K takes much longer on a CPU")
  List<String> resolutions;

  @Option(
      names = "--link-mbps",
      defaultValue = "10",
      description =
          "Link emulation per device, Mbit/s; 0 for none (default: ${DEFAULT-VALUE}, the paper's link)")
  double linkMbps;

  @Option(
      names = "--edge-sr",
      defaultValue = "x4fast",
      description =
          "Edge SR slot network while StableSR weights are absent: x4plus or x4fast (default: ${DEFAULT-VALUE},"
              + " so that the demo's tasks finish in minutes on 2 cores; x4plus is the heavier slot)")
  String edgeSr;

  @Option(
      names = "--device-sr",
      defaultValue = "x4fast",
      description = "Device SR network: x4fast or x4plus (default: ${DEFAULT-VALUE})")
  String deviceSr;

  @Option(
      names = "--edge-precision",
      defaultValue = "fp32",
      paramLabel = "fp32|int8|fp16",
      description =
          "Edge SR slot's Real-ESRGAN precision; int8 is measured on held-out crops first and refused"
              + " beyond --max-psnr-loss; fp16 only with HYBRIDSR_EP=cuda (default: ${DEFAULT-VALUE})")
  String edgePrecision;

  @Option(
      names = "--device-precision",
      defaultValue = "fp32",
      paramLabel = "fp32|int8",
      description =
          "Devices' Real-ESRGAN precision, as the device's --precision (default: ${DEFAULT-VALUE})")
  String devicePrecision;

  @Option(
      names = "--max-psnr-loss",
      defaultValue = "0.3",
      paramLabel = "DB",
      description =
          "Quality budget of a reduced precision: the most PSNR against the originals it may lose"
              + " to fp32 (default: ${DEFAULT-VALUE})")
  double maxPsnrLoss;

  @Option(
      names = "--sdxl",
      paramLabel = "DIR",
      description = "A real SDXL ONNX export (default: stand-ins)")
  Path sdxl;

  @Option(
      names = "--stablesr",
      paramLabel = "DIR",
      description = "A StableSR export for the edge SR slot (default: Real-ESRGAN, see --edge-sr)")
  Path stableSr;

  @Option(
      names = "--models",
      paramLabel = "DIR",
      description = "Real-ESRGAN weights folder (default: the model store's)")
  Path models;

  @Option(
      names = "--profile",
      paramLabel = "FILE",
      description =
          "Profile for the scheduler (default: this machine's, calibrated for these runners on first use and cached)")
  Path profile;

  @Option(
      names = "--paper-profile",
      description =
          "Plan with the paper's RTX 3080 Ti / Jetson Orin testbed profile (FLOP model, no learning) instead")
  boolean paperProfile;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Edge model threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = "--batch-size",
      defaultValue = "10",
      description = "Window size K (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--max-wait-ms",
      defaultValue = "500",
      description = "Window's maximum wait (default: ${DEFAULT-VALUE})")
  long maxWaitMs;

  @Option(
      names = "--web-port",
      defaultValue = "8081",
      description = "Flink dashboard port (default: ${DEFAULT-VALUE})")
  int webPort;

  @Option(
      names = "--timeout-s",
      defaultValue = "900",
      description = "Give up waiting after this long (default: ${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Option(
      names = "--insecure",
      description =
          "Run the broker without authentication and ACLs "
              + "(default: SASL/SCRAM with a principal per job, device and load generator)")
  boolean insecure;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the workload and scheduler (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws Exception {
    EdgeModelSpec spec;
    RealEsrganModel deviceModel;
    Precision devicePrec;
    try {
      spec =
          new EdgeModelSpec(
                  sdxl == null ? null : sdxl.toString(),
                  models == null ? null : models.toString(),
                  threads,
                  model(edgeSr, "--edge-sr"),
                  stableSr == null ? null : stableSr.toString())
              .withEdgeSrPrecision(
                  SrCliSupport.edgePrecision("--edge-precision", edgePrecision), maxPsnrLoss)
              .withProvider(CliEnvironment.executionProvider());
      deviceModel = model(deviceSr, "--device-sr");
      devicePrec = SrCliSupport.cpuPrecision("--device-precision", devicePrecision);
      if (!(slowDeviceFactor >= 1)) {
        throw new IllegalArgumentException(
            "--slow-device-factor must be >= 1, got " + slowDeviceFactor);
      }
      if (colocatedCores < 0) {
        throw new IllegalArgumentException(
            "--colocated-cores must be >= 0 (0: this machine's processors), got " + colocatedCores);
      }
      if (devices == null) {
        devices = defaultDevices(Runtime.getRuntime().availableProcessors());
      }
      if (tasks < 1 || users < 1 || devices < 1 || warmup < 0 || warmup >= tasks) {
        throw new IllegalArgumentException(
            "--tasks, --users and --devices must be >= 1, and " + "--warmup in [0, --tasks)");
      }
    } catch (IllegalArgumentException e) {
      // a bad flag: picocli prints the message and the usage, exit code 2
      throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage(), e);
    }
    LogFile.announce(System.out);
    QualityBudget budget = new QualityBudget(maxPsnrLoss);
    SuperResolver deviceRunner;
    try {
      deviceRunner =
          budget.open(
              ModelStore.locate(models),
              deviceModel,
              RealEsrganOptions.defaults().withThreads(deviceThreads).withPrecision(devicePrec),
              q -> System.out.println("devices' SR: " + budget.describe(q)));
    } catch (PrecisionUnavailableException e) {
      System.err.println("hybridsr demo: " + e.getMessage());
      return SrCliSupport.EXIT_BAD_INPUT;
    }
    RunnerSet runners =
        paperProfile
            ? null
            : new RunnerSet(
                spec.generationRunner(),
                spec.edgeSrRunner(),
                RunnerSet.runnerId(
                    "realesrgan-" + deviceModel.shortName(), devicePrec.id(), "cpu", deviceThreads),
                RunnerSet.linkId(linkMbps * 1e6));
    String profilePath;
    if (paperProfile) {
      profilePath = profile == null ? null : profile.toString();
      System.out.println(
          "Profile: the paper's testbed (FLOP model; predictions describe an RTX 3080 Ti"
              + " and a Jetson Orin, not this machine)");
    } else if (profile != null) {
      profilePath = profile.toString();
      System.out.println("Profile: " + profile);
    } else {
      profilePath =
          CalibratedProfiles.ensure(
                  spec, deviceRunner, runners, linkMbps * 1e6, 8, true, System.out)
              .toString();
    }
    Demo.Settings settings =
        new Demo.Settings(
            out,
            users,
            tasks,
            arrivalsPerMinute,
            devices,
            deviceThreads,
            parse(resolutions),
            PromptSource.partiPrompts(),
            linkMbps,
            spec,
            deviceSr,
            batchSize,
            Duration.ofMillis(maxWaitMs),
            webPort,
            "localhost",
            profilePath,
            Duration.ofSeconds(timeoutSeconds),
            seed,
            !insecure,
            runners,
            deviceRunner,
            slowDeviceAfter,
            slowDeviceFactor,
            colocatedCores,
            sharedCpus);
    Demo demo = new Demo(settings, System.out);
    Demo.Result r;
    try (ProgressBar bar = Progress.bar("tasks finished", tasks, ProgressLine.onStderr(), true)) {
      r = demo.run(done -> bar.stepTo(done));
    }
    System.out.println();
    DemoReport.printTable(r.tasks(), System.out);
    List<PredictionErrors.Summary> errors = PredictionErrors.summarize(r.tasks(), warmup);
    long rejected =
        r.tasks().stream()
            .filter(
                t ->
                    t.finished != null
                        && t.finished.status() == io.hybridsr.kafka.records.Outcome.Status.REJECTED)
            .count();
    String summary =
        String.format(
            Locale.ROOT,
            "%d of %d tasks completed, %d rejected at admission, in %.1f s wall (%.1f tasks/min end to end)",
            r.completed(),
            r.tasks().size(),
            rejected,
            r.wallSeconds(),
            r.completed() / (r.wallSeconds() / 60));
    System.out.println();
    System.out.println(summary);
    PredictionErrors.print(errors, warmup, System.out);
    System.out.println(Answers.of(r.tasks(), Demo.LATENCY_BOUND_SECONDS).describe());
    if (slowDeviceAfter > 0 && !r.tasks().isEmpty()) {
      Answers.printDevice(
          r.tasks(),
          r.tasks().get(0).task.deviceId(),
          slowDeviceAfter,
          slowDeviceFactor,
          System.out);
    }
    String predictions =
        paperProfile
            ? "predictions: the paper's testbed profile, compared with this machine's measurements"
            : "predictions: per-runner stage models of "
                + profilePath
                + ", learned while the job ran,"
                + " with the waits for the edge's GPU slot and each device";
    System.out.println(predictions + (spec.sdxlIsStandIn() ? " (SDXL: STAND-IN models)" : ""));
    Path reportDir = out.resolve("report");
    java.nio.file.Files.createDirectories(reportDir);
    PredictionErrors.plot(r.tasks(), warmup, reportDir.resolve("prediction-error.png"));
    StringBuilder errorsHtml =
        new StringBuilder(
            "<table><tr><th>stage</th><th>n</th><th>median</th>" + "<th>p90</th></tr>");
    for (PredictionErrors.Summary e : errors) {
      errorsHtml.append(
          String.format(
              Locale.ROOT,
              "<tr><td>%s</td><td>%d</td><td>%.1f%%</td><td>%.1f%%</td></tr>",
              e.term(),
              e.n(),
              100 * e.median(),
              100 * e.p90()));
    }
    errorsHtml.append("</table><img src=\"prediction-error.png\">");
    Path index =
        DemoReport.write(
            reportDir,
            r.tasks(),
            "<p>"
                + DemoReport.esc(summary)
                + "</p><p>"
                + DemoReport.esc(predictions)
                + "</p>"
                + "<p>Relative prediction error after a warm-up of "
                + warmup
                + " tasks:</p>"
                + errorsHtml
                + "<p>SDXL: "
                + (spec.sdxlIsStandIn() ? "stand-in models" : DemoReport.esc(spec.sdxlDir()))
                + "; edge SR slot: "
                + DemoReport.esc(spec.edgeSrDescription())
                + "; device SR: Real-ESRGAN "
                + deviceSr
                + "</p>");
    System.out.println("report: " + index);
    return r.completed() + rejected == r.tasks().size() ? 0 : 1;
  }

  private static RealEsrganModel model(String name, String flag) {
    return RealEsrganModel.parse(name, flag);
  }

  static List<int[]> parse(List<String> specs) {
    List<int[]> out = new ArrayList<>();
    for (String spec : specs) {
      try {
        out.add(StandardResolution.widthHeight(spec));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--resolutions: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * One device per CPU beyond the edge's first, so that each can have a CPU of its own, at least
   * one and at most two.
   */
  static int defaultDevices(int cpus) {
    return Math.max(1, Math.min(2, cpus - 1));
  }
}
