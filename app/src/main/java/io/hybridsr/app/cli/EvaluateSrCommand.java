package io.hybridsr.app.cli;

import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.ImageMetrics;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Picture;
import io.hybridsr.core.image.Resampler;
import io.hybridsr.core.partition.SeamScore;
import io.hybridsr.core.partition.VariancePartitioner;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.inference.hybrid.HybridUpscaler;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.realesrgan.RealEsrganModels;
import io.hybridsr.inference.realesrgan.RealEsrganOptions;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import me.tongfei.progressbar.ProgressBar;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hybridsr evaluate-sr --out DIR}: bicubic, x4fast, x4plus and hybrid SR on the reference
 * photos, scored against the originals.
 */
@Command(
    name = "evaluate-sr",
    mixinStandardHelpOptions = true,
    description =
        "Downscale each reference photo 4x (antialiased bicubic), upscale it back with bicubic, Real-ESRGAN x4fast, x4plus and hybrid (x4plus foreground, x4fast background), and score each against the original: PSNR, SSIM, seam score (mean jump across the hybrid grid's borders over the same inside patches, at the same phase of the x4 pixel grid; ~1 = no seam) and time. Writes evaluate-sr.csv, one side-by-side crop PNG per photo and a PSNR chart. GAN SR scores lower PSNR than bicubic by design (it invents texture): look at the crops too. With --precision fp32,int8 each reduced-precision graph of x4fast and x4plus is scored too, beside fp32, with its PSNR against fp32's output and a summary of what it loses.")
public final class EvaluateSrCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(
      names = "--photos",
      paramLabel = "DIR",
      description = "Photo folder (default: data/photos of the project).")
  Path photos;

  @Option(
      names = "--max-side",
      defaultValue = "256",
      paramLabel = "N",
      description =
          "Centre-crop each original to at most N x N first, to keep the run short"
              + " (x4plus is ~36 MFLOP per pixel); 0 = whole photos (default: ${DEFAULT-VALUE}).")
  int maxSide;

  @Option(
      names = "--gamma",
      defaultValue = "0.25",
      paramLabel = "G",
      description = "Hybrid foreground fraction (default: ${DEFAULT-VALUE}).")
  double gamma;

  @Option(
      names = "--grid",
      defaultValue = "4",
      paramLabel = "N",
      description = "Hybrid grid side (default: ${DEFAULT-VALUE}).")
  int grid;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "ONNX Runtime intra-op threads (default: number of cores).")
  Integer threads;

  @Option(
      names = "--precision",
      split = ",",
      defaultValue = "fp32,int8",
      paramLabel = "P,...",
      description =
          "Precisions of x4fast and x4plus to score; fp32 always runs (the baseline; hybrid uses it)"
              + " (default: ${DEFAULT-VALUE}).")
  List<String> precisionNames;

  @Option(
      names = "--models",
      paramLabel = "DIR",
      description = "Models folder (default: $HYBRIDSR_MODELS or the user cache).")
  Path models;

  private record Row(
      String photo,
      String method,
      int w,
      int h,
      double psnr,
      double ssim,
      double seam,
      double seconds,
      double psnrVsFp32) {}

  @Override
  public Integer call() {
    return SrCliSupport.run(
        "evaluate-sr",
        () -> {
          Path dir = photos != null ? photos : defaultPhotos();
          if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--photos " + dir + ": no such folder");
          }
          List<Path> files;
          try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.toString().matches("(?i).*\\.(png|jpe?g)$")).sorted().toList();
          }
          if (files.isEmpty()) {
            throw new IllegalArgumentException("--photos " + dir + " has no PNG or JPEG files");
          }
          Files.createDirectories(out);
          ModelStore store = ModelStore.locate(models);
          RealEsrganOptions opts =
              RealEsrganOptions.defaults()
                  .withThreads(
                      threads != null ? threads : Runtime.getRuntime().availableProcessors())
                  .withProvider(CliEnvironment.executionProvider());
          SuperResolver fast = RealEsrganModels.open(store, RealEsrganModel.X4FAST, opts);
          SuperResolver plus = RealEsrganModels.open(store, RealEsrganModel.X4PLUS, opts);
          HybridUpscaler hybrid =
              new HybridUpscaler(
                  plus, fast, new VariancePartitioner(grid, gamma), HybridUpscaler.DEFAULT_MARGIN);
          Map<String, UnaryOperator<ImageTensor>> methods = new LinkedHashMap<>();
          methods.put(
              "bicubic",
              low ->
                  Resampler.bicubic(low, low.width() * 4, low.height() * 4).clampInPlace(0f, 1f));
          methods.put("x4fast", fast::upscale);
          methods.put("x4plus", plus::upscale);
          methods.put("hybrid", low -> hybrid.upscale(low).image());
          List<Precision> reduced = new ArrayList<>();
          for (String p : precisionNames) {
            Precision pr = SrCliSupport.precision("--precision", p);
            if (pr != Precision.FP32 && !reduced.contains(pr)) {
              reduced.add(pr);
            }
          }
          Map<String, String> baseline = new LinkedHashMap<>();
          for (Precision pr : reduced) {
            SuperResolver f =
                RealEsrganModels.open(store, RealEsrganModel.X4FAST, opts.withPrecision(pr));
            SuperResolver p =
                RealEsrganModels.open(store, RealEsrganModel.X4PLUS, opts.withPrecision(pr));
            methods.put("x4fast-" + pr, f::upscale);
            methods.put("x4plus-" + pr, p::upscale);
            baseline.put("x4fast-" + pr, "x4fast");
            baseline.put("x4plus-" + pr, "x4plus");
          }

          List<Row> rows = new ArrayList<>();
          try (ProgressBar pb =
              SrCliSupport.progress("evaluate-sr", (long) files.size() * methods.size())) {
            for (Path f : files) {
              ImageTensor orig = prepare(ImageFiles.read(f).rgb());
              ImageTensor low = Resampler.scale(orig, 0.25).clampInPlace(0f, 1f);
              String name = f.getFileName().toString().replaceFirst("\\.[^.]+$", "");
              List<ImageTensor> outputs = new ArrayList<>();
              Map<String, ImageTensor> byMethod = new LinkedHashMap<>();
              for (var e : methods.entrySet()) {
                long t0 = System.nanoTime();
                ImageTensor up = e.getValue().apply(low);
                double secs = (System.nanoTime() - t0) / 1e9;
                String base = baseline.get(e.getKey());
                rows.add(
                    new Row(
                        name,
                        e.getKey(),
                        orig.width(),
                        orig.height(),
                        ImageMetrics.psnr(up, orig),
                        ImageMetrics.ssim(up, orig),
                        SeamScore.of(up, grid, 4),
                        secs,
                        base == null ? Double.NaN : ImageMetrics.psnr(up, byMethod.get(base))));
                byMethod.put(e.getKey(), up);
                outputs.add(up);
                pb.step();
              }
              ImageFiles.writePng(
                  sideBySide(orig, outputs, new ArrayList<>(methods.keySet())),
                  out.resolve(name + "-crops.png"));
            }
          }
          writeCsv(rows, out.resolve("evaluate-sr.csv"));
          writeChart(rows, new ArrayList<>(methods.keySet()), out.resolve("evaluate-sr-psnr.png"));
          System.out.println(
              "photo      method       size      PSNR dB  SSIM    seam   seconds  PSNR vs fp32 output");
          for (Row r : rows) {
            SrCliSupport.line(
                System.out,
                "%-10s %-12s %4dx%-4d %7.2f  %.4f  %5.2f  %7.2f  %s",
                r.photo,
                r.method,
                r.w,
                r.h,
                r.psnr,
                r.ssim,
                r.seam,
                r.seconds,
                Double.isNaN(r.psnrVsFp32)
                    ? ""
                    : String.format(Locale.ROOT, "%.2f dB", r.psnrVsFp32));
          }
          if (!baseline.isEmpty()) {
            System.out.println();
            System.out.println(
                "precision summary, mean over photos (loss = fp32's PSNR against the originals minus this one's;"
                    + " targets for int8: loss <= 0.3 dB, >= 40 dB against fp32's output)");
            System.out.println(
                "method       PSNR dB  fp32 PSNR  loss dB  SSIM    fp32 SSIM  PSNR vs fp32 output");
            for (var e : baseline.entrySet()) {
              double[] m = mean(rows, e.getKey());
              double[] f = mean(rows, e.getValue());
              SrCliSupport.line(
                  System.out,
                  "%-12s %7.2f  %9.2f  %7.2f  %.4f  %.4f     %.2f dB",
                  e.getKey(),
                  m[0],
                  f[0],
                  f[0] - m[0],
                  m[1],
                  f[1],
                  m[2]);
            }
          }
          System.out.println(
              "wrote " + out.resolve("evaluate-sr.csv") + ", *-crops.png, evaluate-sr-psnr.png");
          return 0;
        });
  }

  /** Mean PSNR, SSIM and PSNR against fp32 of {@code method} over the photos. */
  private static double[] mean(List<Row> rows, String method) {
    List<Row> rs = rows.stream().filter(r -> r.method.equals(method)).toList();
    return new double[] {
      rs.stream().mapToDouble(Row::psnr).average().orElse(Double.NaN),
      rs.stream().mapToDouble(Row::ssim).average().orElse(Double.NaN),
      rs.stream().mapToDouble(Row::psnrVsFp32).average().orElse(Double.NaN)
    };
  }

  private static Path defaultPhotos() {
    String home = System.getProperty("hybridsr.home");
    Path p = home != null ? Path.of(home, "data", "photos") : Path.of("data", "photos");
    if (!Files.isDirectory(p)) {
      throw new IllegalArgumentException("no photo folder at " + p + "; pass --photos DIR");
    }
    return p;
  }

  /** Centre crop to --max-side and to sides divisible by 4 x grid, so patches and the x4 align. */
  private ImageTensor prepare(ImageTensor img) {
    int unit = 4 * grid;
    int w = maxSide > 0 ? Math.min(img.width(), maxSide) : img.width();
    int h = maxSide > 0 ? Math.min(img.height(), maxSide) : img.height();
    w -= w % unit;
    h -= h % unit;
    if (w <= 0 || h <= 0) {
      throw new IllegalArgumentException(
          "a photo of "
              + img.width()
              + "x"
              + img.height()
              + " is too small for a "
              + grid
              + "x"
              + grid
              + " grid at 4x");
    }
    return img.crop((img.width() - w) / 2, (img.height() - h) / 2, w, h);
  }

  /** Centre crops of the original and each method, side by side, labelled. */
  private static BufferedImage sideBySide(
      ImageTensor orig, List<ImageTensor> outs, List<String> names) {
    int c = Math.min(160, Math.min(orig.width(), orig.height()));
    int x = (orig.width() - c) / 2;
    int y = (orig.height() - c) / 2;
    int label = 18;
    int n = outs.size() + 1;
    BufferedImage img =
        new BufferedImage(n * c + (n - 1) * 4, c + label, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (int i = 0; i < n; i++) {
        ImageTensor t = (i == 0 ? orig : outs.get(i - 1)).crop(x, y, c, c);
        int ox = i * (c + 4);
        g.drawImage(
            ImageFiles.toBufferedImage(Picture.of(t.copy().clampInPlace(0f, 1f))), ox, label, null);
        g.setColor(Color.BLACK);
        g.drawString(i == 0 ? "original" : names.get(i - 1), ox + 4, 13);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  private static void writeCsv(List<Row> rows, Path file) throws IOException {
    StringBuilder sb =
        new StringBuilder(
            "photo,method,width,height,psnr_db,ssim,seam_score,seconds,psnr_vs_fp32_db\n");
    for (Row r : rows) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%s,%s,%d,%d,%.4f,%.5f,%.4f,%.4f,%s%n",
              r.photo,
              r.method,
              r.w,
              r.h,
              r.psnr,
              r.ssim,
              r.seam,
              r.seconds,
              Double.isNaN(r.psnrVsFp32) ? "" : String.format(Locale.ROOT, "%.4f", r.psnrVsFp32)));
    }
    Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".csv", ".part");
    Files.writeString(tmp, sb);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void writeChart(List<Row> rows, List<String> methods, Path file)
      throws IOException {
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(900)
            .height(500)
            .title("PSNR against the original after a 4x downscale")
            .xAxisTitle("photo")
            .yAxisTitle("PSNR (dB)")
            .build();
    List<String> photos = rows.stream().map(Row::photo).distinct().toList();
    for (String m : methods) {
      List<Double> ys = new ArrayList<>();
      for (String p : photos) {
        ys.add(
            rows.stream()
                .filter(r -> r.photo.equals(p) && r.method.equals(m))
                .findFirst()
                .orElseThrow()
                .psnr);
      }
      chart.addSeries(m, photos, ys);
    }
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
