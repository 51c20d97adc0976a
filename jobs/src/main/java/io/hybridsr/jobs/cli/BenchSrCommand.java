package io.hybridsr.jobs.cli;

import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.ImageMetrics;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.realesrgan.RealEsrganModels;
import io.hybridsr.inference.realesrgan.RealEsrganOptions;
import io.hybridsr.inference.realesrgan.RealEsrganTranslator;
import io.hybridsr.inference.realesrgan.RealEsrganUpscaler;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hybridsr bench sr}: our Real-ESRGAN runner's speed, side by side with the PyTorch peer
 * where it can run.
 */
@Command(
    name = "sr",
    mixinStandardHelpOptions = true,
    description =
        "Time Real-ESRGAN on ONNX Runtime (forward pass and whole image: translation + forward + clamp/round; warm, median (or --stat min) of --runs) on square crops of a reference photo, both models, same threads. With --peer, also runs the PyTorch peer (realesrgan_torch.py with Debian's python3-torch) on the same crops, timing its own load and forward functions in one process (warm, median of --runs), and prints time ratios and our agreement with it (PSNR of the 8-bit outputs, max difference away from the border). Targets: x4plus >= 150 GFLOP/s; faster than PyTorch at every size, >= 1.5x from 256 up; within 1/255 of it.")
public final class BenchSrCommand implements Callable<Integer> {
  @Option(names = "--sizes", split = ",", defaultValue = "64,128,256,512", paramLabel = "N,N,...",
      description = "Crop sides in pixels (default: ${DEFAULT-VALUE}); e.g. --sizes 64,128 for a short run.")
  List<Integer> sizes;

  @Option(names = "--model", split = ",", defaultValue = "x4fast,x4plus", paramLabel = "NAME,...",
      description = "Models to time (default: ${DEFAULT-VALUE}).")
  List<String> modelNames;

  @Option(names = "--runs", defaultValue = "3", paramLabel = "N", description = "Timed runs after one warm-up (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--stat", defaultValue = "median", paramLabel = "median|min",
      description = "Statistic over the timed runs, for us and the peer alike; min resists other load on a shared machine (default: ${DEFAULT-VALUE}).")
  String stat;

  @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "Threads for us and the peer (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--photo", paramLabel = "FILE", description = "Photo to crop (default: data/photos/astronaut.png).")
  Path photo;

  @Option(names = "--peer", description = "Also run the PyTorch peer side by side.")
  boolean peer;

  @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "EXE",
      description = "Python with torch, numpy, PIL for the peer (default: ${DEFAULT-VALUE}).")
  String python;

  @Option(names = "--peer-script", paramLabel = "FILE",
      description = "The peer script (default: $HYBRIDSR_PEERS/realesrgan_torch.py, else ../shared/peers/ beside the project).")
  Path peerScript;

  @Option(names = "--models", paramLabel = "DIR", description = "Models folder (default: $HYBRIDSR_MODELS or the user cache).")
  Path models;

  @Override
  public Integer call() {
    return SrCliSupport.run("bench sr", () -> {
      if (!stat.equals("median") && !stat.equals("min")) {
        throw new IllegalArgumentException("--stat must be median or min, got " + stat);
      }
      if (runs < 1) {
        throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
      }
      ModelStore store = ModelStore.locate(models);
      ImageTensor src = ImageFiles.read(photo != null ? photo : defaultPhoto()).rgb();
      for (int s : sizes) {
        if (s < 8 || s > Math.min(src.width(), src.height())) {
          throw new IllegalArgumentException("--sizes: " + s + " must be in 8.." + Math.min(src.width(), src.height()) + " for this photo");
        }
      }
      Path script = peer ? peerScript() : null;
      String peerState = !peer ? "not requested (--peer)" : peerProblem(script);
      boolean runPeer = peer && peerState == null;
      System.out.println("Real-ESRGAN on ONNX Runtime 1.28 (Java), " + threads + " intra-op threads, sequential executor,"
          + " warm, " + stat + " of " + runs + " runs; cores here: " + Runtime.getRuntime().availableProcessors()
          + loadAverage());
      System.out.println("PyTorch peer: " + (runPeer ? python + " " + script : "absent: " + peerState));
      System.out.println();
      System.out.println("model   size  fwd s    whole s  GFLOP/s" + (runPeer ? "  torch s  torch GFLOP/s  speed-up  PSNR vs torch  max diff (levels)" : ""));
      Path tmp = Files.createTempDirectory("hybridsr-bench");
      long steps = (long) sizes.size() * modelNames.size();
      try (ProgressBar pb = SrCliSupport.progress("bench sr", steps)) {
        for (String name : modelNames) {
          RealEsrganModel m = RealEsrganModel.parse(name);
          RealEsrganUpscaler sr = RealEsrganModels.open(store, m, RealEsrganOptions.defaults().withThreads(threads));
          for (int s : sizes) {
            ImageTensor crop = src.crop((src.width() - s) / 2, (src.height() - s) / 2, s, s);
            // the crop as 8-bit, exactly what the peer reads from the PNG
            Path png = tmp.resolve("crop-" + s + ".png");
            ImageFiles.writePng(crop, png);
            ImageTensor in = ImageFiles.read(png).rgb();
            Timing t = time(sr, in);
            double gflops = sr.flopsPerInputPixel() * s * s / t.forward / 1e9;
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-7s %4d  %7.3f  %7.3f  %7.1f",
                m.shortName(), s, t.forward, t.whole, gflops));
            if (runPeer) {
              PeerRun p = runPeer(script, store, m, png, tmp, s);
              ImageTensor ours8 = new RealEsrganTranslator().toImage(t.raw.copy());
              line.append(String.format(Locale.ROOT, "  %7.3f  %13.1f  %7.2fx  %8.2f dB     %6.2f",
                  p.seconds, sr.flopsPerInputPixel() * s * s / p.seconds / 1e9, p.seconds / t.forward,
                  ImageMetrics.psnr(ours8, new RealEsrganTranslator().toImage(p.raw.copy())),
                  255 * interiorMaxDiff(t.raw, p.raw, 16)));
            }
            pb.step();
            System.out.println(line);
          }
        }
      } finally {
        try (var fs = Files.list(tmp)) {
          fs.forEach(f -> f.toFile().delete());
        }
        Files.deleteIfExists(tmp);
      }
      System.out.println();
      System.out.println("fwd = network only; whole = translate + network + clamp/round; GFLOP/s from the graph's FLOPs (x4plus 35.85, x4fast 2.42 MFLOP/px) over fwd;"
          + (runPeer ? " speed-up = torch s / fwd s; max diff = our raw output vs the peer's, 16 px from the border, in 8-bit levels" : ""));
      return 0;
    });
  }

  private record Timing(double forward, double whole, ImageTensor raw) {}

  private Timing time(RealEsrganUpscaler sr, ImageTensor in) {
    RealEsrganTranslator tr = new RealEsrganTranslator();
    ImageTensor raw = null;
    double[] fwd = new double[runs];
    double[] whole = new double[runs];
    for (int r = -1; r < runs; r++) {
      long t0 = System.nanoTime();
      ImageTensor x = tr.toInput(in);
      long t1 = System.nanoTime();
      ImageTensor y = sr.forward(x);
      long t2 = System.nanoTime();
      if (raw == null) {
        raw = y.copy();
      }
      tr.toImage(y);
      long t3 = System.nanoTime();
      if (r >= 0) {
        fwd[r] = (t2 - t1) / 1e9;
        whole[r] = (t3 - t0) / 1e9;
      }
    }
    return new Timing(statistic(fwd), statistic(whole), raw);
  }

  private record PeerRun(double seconds, ImageTensor raw) {}

  /**
   * Loads the peer script as a module and times its own {@code load} and {@code forward}
   * functions in one process: weights loaded once, one warm-up pass, then --runs timed passes,
   * the same protocol as ours (the script's command line times a single, cold pass).
   */
  private static final String PEER_HARNESS = String.join("\n",
      "import sys, time, importlib.util",
      "import numpy as np, torch",
      "from PIL import Image",
      "spec = importlib.util.spec_from_file_location('peer', sys.argv[1])",
      "peer = importlib.util.module_from_spec(spec); spec.loader.exec_module(peer)",
      "models, model, threads, runs, inp, f32 = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7]",
      "torch.set_num_threads(threads)",
      "layers, t = peer.load('%s/%s.param' % (models, model), '%s/%s.bin' % (models, model))",
      "img = np.asarray(Image.open(inp).convert('RGB'), dtype=np.float32) / 255.0",
      "x = torch.from_numpy(img).permute(2, 0, 1)[None].contiguous()",
      "times = []",
      "with torch.no_grad():",
      "    for r in range(runs + 1):",
      "        t0 = time.perf_counter(); y = peer.forward(layers, t, x); dt = time.perf_counter() - t0",
      "        if r > 0: times.append(dt)",
      "y.numpy().astype('<f4').tofile(f32)",
      "print('times', ' '.join('%.4f' % v for v in times))");

  private PeerRun runPeer(Path script, ModelStore store, RealEsrganModel m, Path png, Path tmp, int s)
      throws IOException, InterruptedException {
    ModelStore.Weights w = store.ensure(m);
    Path outF32 = tmp.resolve("peer-" + s + ".f32");
    Process proc = new ProcessBuilder(python, "-c", PEER_HARNESS, script.toString(), w.param().getParent().toString(),
        m.fileStem(), Integer.toString(threads), Integer.toString(runs), png.toString(), outF32.toString())
        .redirectErrorStream(true).start();
    String text = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!proc.waitFor(30, TimeUnit.MINUTES) || proc.exitValue() != 0) {
      throw new IllegalStateException("the PyTorch peer failed: " + text);
    }
    String line = text.lines().filter(l -> l.startsWith("times ")).findFirst()
        .orElseThrow(() -> new IllegalStateException("cannot read the peer's times from: " + text));
    double[] secs = Arrays.stream(line.substring(6).trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
    byte[] b = Files.readAllBytes(outF32);
    float[] f = new float[b.length / 4];
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
    return new PeerRun(statistic(secs), new ImageTensor(3, 4 * s, 4 * s, f));
  }

  static double interiorMaxDiff(ImageTensor a, ImageTensor b, int border) {
    double m = 0;
    for (int c = 0; c < a.channels(); c++) {
      for (int y = border; y < a.height() - border; y++) {
        for (int x = border; x < a.width() - border; x++) {
          m = Math.max(m, Math.abs(a.get(c, y, x) - b.get(c, y, x)));
        }
      }
    }
    return m;
  }

  private Path peerScript() {
    if (peerScript != null) {
      return peerScript;
    }
    String env = System.getenv("HYBRIDSR_PEERS");
    if (env != null && !env.isBlank()) {
      return Path.of(env, "realesrgan_torch.py");
    }
    String home = System.getProperty("hybridsr.home", ".");
    return Path.of(home).toAbsolutePath().normalize().getParent().resolve("shared/peers/realesrgan_torch.py");
  }

  /** Why the peer cannot run here, or null when it can. */
  private String peerProblem(Path script) {
    if (!Files.isRegularFile(script)) {
      return "no peer script at " + script + " (pass --peer-script FILE or set HYBRIDSR_PEERS)";
    }
    try {
      Process p = new ProcessBuilder(python, "-c", "import torch, numpy, PIL; print(torch.__version__)")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
        return python + " lacks torch, numpy or PIL (Debian: apt-get install python3-torch python3-numpy python3-pil): "
            + out.lines().reduce((a, b) -> b).orElse("");
      }
      return null;
    } catch (IOException e) {
      return "cannot run " + python + ": " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Other work on a shared machine skews timings: say how busy it was. */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
      return ", load average " + f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static Path defaultPhoto() {
    String home = System.getProperty("hybridsr.home");
    return home != null ? Path.of(home, "data", "photos", "astronaut.png") : Path.of("data", "photos", "astronaut.png");
  }

  private double statistic(double[] v) {
    return stat.equals("min") ? Arrays.stream(v).min().orElseThrow() : median(v);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
