package io.hybridsr.app.cli;

import io.hybridsr.core.config.GenerationSize;
import io.hybridsr.core.stage.RunnerSet;
import io.hybridsr.core.stage.Stage;
import io.hybridsr.core.stage.StageModel;
import io.hybridsr.core.stage.StageModels;
import io.hybridsr.core.stage.StageWork;
import io.hybridsr.core.task.Task;
import io.hybridsr.device.FinishedImage;
import io.hybridsr.device.TaskStitcher;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.kafka.records.PatchRole;
import io.hybridsr.operators.edge.EdgeModelSpec;
import io.hybridsr.operators.edge.EdgeWork;
import io.hybridsr.operators.plan.PlannedTask;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Fits each stage's time model for the runners a job will run, by running the job's own code on
 * this machine: the edge slot's work ({@link EdgeWork}: generation, partition, foreground SR and
 * encoding) and the device's ({@link TaskStitcher}: background SR and stitching) on a spread of
 * sizes, scales and steps, and the link from the patches' encoded sizes at its rate.
 *
 * <p>What it fits is what the job measures later, in the same units (docs/models.md), so the
 * learned corrections start near 1.
 */
public final class StageCalibration {
  /** One probe: a target size, scale and steps. */
  record Probe(int width, int height, int scale, int steps) {}

  /**
   * Probes chosen so that each stage's two units vary independently: the S = 1 probes cross two
   * generation sizes with few and many steps (a UNet's time follows cell-steps, its VAE's the
   * decoded pixels; with steps tied to size the fit cannot tell them apart, and the scheduler plans
   * up to D = 50), the S > 1 probes span the SR inputs. Quick on 2 cores.
   */
  static final List<Probe> PROBES =
      List.of(
          new Probe(512, 512, 1, 4),
          new Probe(512, 512, 1, 32),
          new Probe(1280, 720, 1, 8),
          new Probe(1280, 720, 1, 24),
          new Probe(512, 512, 2, 10),
          new Probe(768, 768, 2, 4),
          new Probe(1024, 1024, 2, 8),
          new Probe(1024, 1024, 4, 4));

  /**
   * The calibration's method, part of the cache key of calibrated profiles: a profile measured by
   * an older method is measured again. 3: the diffusion models run on the runner's thread count
   * (before, on ONNX Runtime's default, one per core, whatever the runner's name said). 4: the
   * stitch includes writing the image (and the overlay, where the device writes one), as the device
   * measures it (before, the stitch alone: a tenth of what the demo's devices took).
   */
  public static final int METHOD_VERSION = 4;

  private StageCalibration() {}

  /**
   * Calibrates the stage models of {@code runners}.
   *
   * @param edge what the edge runs (its generation and SR runners)
   * @param deviceSr the device's SR runner (named {@code runners.deviceSr()})
   * @param linkBitsPerSecond the link's rate (the link stages' runner)
   */
  public static StageModels run(
      EdgeModelSpec edge,
      SuperResolver deviceSr,
      RunnerSet runners,
      double linkBitsPerSecond,
      int grid,
      double gamma,
      int marginPx,
      int repeats,
      boolean overlay,
      PrintStream log)
      throws Exception {
    // the device's images are written where they are timed, and removed after
    Path images = Files.createTempDirectory("hybridsr-calibrate");
    try (EdgeWork work = new EdgeWork(edge.openSdxl(), edge.openEdgeSr(), marginPx, 7)) {
      return run(
          work,
          deviceSr,
          runners,
          linkBitsPerSecond,
          grid,
          gamma,
          marginPx,
          repeats,
          overlay,
          images,
          log);
    } finally {
      try (var files = Files.list(images)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(images);
    }
  }

  private static StageModels run(
      EdgeWork work,
      SuperResolver deviceSr,
      RunnerSet runners,
      double linkBitsPerSecond,
      int grid,
      double gamma,
      int marginPx,
      int repeats,
      boolean overlay,
      Path images,
      PrintStream log)
      throws Exception {
    TaskStitcher stitcher = new TaskStitcher(deviceSr);
    Series gen = new Series();
    Series edgeSr = new Series();
    Series devSr = new Series();
    Series stitch = new Series();
    double fgBytes = 0;
    double fgMp = 0;
    double bgBytes = 0;
    double bgMp = 0;
    int n = 0;
    for (Probe pr : PROBES) {
      PlannedTask p = planned(pr, grid, gamma);
      StageWork w =
          StageWork.of(
              pr.width(),
              pr.height(),
              new io.hybridsr.core.config.Configuration(pr.scale(), pr.steps()),
              grid,
              gamma,
              marginPx);
      double[] g = new double[repeats];
      double[] s = new double[repeats];
      double[] d = new double[repeats];
      double[] st = new double[repeats];
      EdgeWork.Served served = work.serve(p, () -> {}); // warm-up: first runs allocate
      for (int r = 0; r < repeats; r++) {
        served = work.serve(p, () -> {});
        g[r] = served.generationSeconds();
        s[r] = served.edgeSrSeconds();
        TaskStitcher.Stitched out = stitcher.stitch(served.cut().patches());
        d[r] = out.srSeconds();
        // what the device does after stitching, and counts in its stitch: writing the image
        st[r] =
            out.stitchSeconds()
                + FinishedImage.write(
                    out.image(),
                    served.cut().patches(),
                    images.resolve("image.png"),
                    overlay,
                    images.resolve("image.partition.png"));
      }
      gen.add(w.cellSteps(), w.decoded(), median(g));
      double fgIn = served.cut().foregroundInputPixels() / 1e6;
      if (fgIn > 0) {
        edgeSr.add(fgIn, fgIn * pr.scale() * pr.scale(), median(s));
      }
      if (w.deviceSrIn() > 0) {
        devSr.add(w.deviceSrIn(), w.deviceSrOut(), median(d));
      }
      stitch.add(w.stitch(), 0, median(st));
      for (PatchRecord rec : served.cut().patches()) {
        double mp = pngPixels(rec.payload()) / 1e6;
        if (rec.role() == PatchRole.FOREGROUND) {
          fgBytes += rec.payload().length;
          fgMp += mp;
        } else {
          bgBytes += rec.payload().length;
          bgMp += mp;
        }
      }
      n++;
      log.printf(
          Locale.ROOT,
          "  calibrate %d/%d: %dx%d S=%d D=%d: generation %.2f s, edge SR %.2f s,"
              + " device SR %.2f s, stitch %.2f s%n",
          n,
          PROBES.size(),
          pr.width(),
          pr.height(),
          pr.scale(),
          pr.steps(),
          median(g),
          median(s),
          median(d),
          median(st));
    }
    String src = "calibrate on this machine (" + n + " probes, median of " + repeats + ")";
    List<StageModel> models = new ArrayList<>();
    models.add(gen.fit(Stage.GENERATION, runners.generation(), src));
    models.add(edgeSr.fit(Stage.EDGE_SR, runners.edgeSr(), src));
    models.add(devSr.fit(Stage.DEVICE_SR, runners.deviceSr(), src));
    models.add(stitch.fit(Stage.STITCH, runners.deviceSr(), src));
    // The link: the patches' encoded bytes per megapixel at the link's rate.
    double rate = linkBitsPerSecond > 0 ? linkBitsPerSecond : Double.POSITIVE_INFINITY;
    String linkSrc =
        String.format(
            Locale.ROOT,
            "%.2f MB per foreground MP, %.2f MB per background" + " MP (PNG) at %.1f Mbit/s",
            fgBytes / fgMp / 1e6,
            bgBytes / bgMp / 1e6,
            linkBitsPerSecond / 1e6);
    models.add(
        new StageModel(
            Stage.LINK_FG,
            runners.link(),
            0,
            fgMp > 0 ? fgBytes / fgMp * 8 / rate : 0,
            0,
            linkSrc));
    models.add(
        new StageModel(
            Stage.LINK_BG,
            runners.link(),
            0,
            bgMp > 0 ? bgBytes / bgMp * 8 / rate : 0,
            0,
            linkSrc));
    return new StageModels(models, src);
  }

  private static PlannedTask planned(Probe pr, int grid, double gamma) {
    PlannedTask p = new PlannedTask();
    p.task =
        new Task(
            "calibrate-" + pr.width() + "x" + pr.height() + "-" + pr.scale() + "-" + pr.steps(),
            "calibrate",
            "calibrate",
            "calibrate",
            pr.width(),
            pr.height(),
            0.5,
            "a red fox in the snow, detailed photograph");
    GenerationSize r = GenerationSize.of(pr.width(), pr.height(), pr.scale());
    p.scale = pr.scale();
    p.steps = pr.steps();
    p.generationWidth = r.width();
    p.generationHeight = r.height();
    p.gamma = gamma;
    p.gridSize = grid;
    return p;
  }

  /** Width x height from a PNG's IHDR chunk (bytes 16-23), without decoding it. */
  static double pngPixels(byte[] png) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(png);
    return (double) b.getInt(16) * b.getInt(20);
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
  }

  /** Points (units, units2, seconds) of one stage. */
  private static final class Series {
    final List<double[]> points = new ArrayList<>();

    void add(double u1, double u2, double seconds) {
      points.add(new double[] {u1, u2, seconds});
    }

    StageModel fit(Stage stage, String runner, String source) {
      double[] a = points.stream().mapToDouble(p -> p[0]).toArray();
      double[] b = points.stream().mapToDouble(p -> p[1]).toArray();
      double[] y = points.stream().mapToDouble(p -> p[2]).toArray();
      return StageModel.fit(stage, runner, a, b, y, source);
    }
  }
}
