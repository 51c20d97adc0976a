package io.hybridsr.jobs.cli;

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
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private Path smallPhoto(int side) throws Exception {
    ImageTensor t = ImageFiles.read(PHOTOS.resolve("astronaut.png")).rgb().crop(180, 60, side, side);
    Path p = tmp.resolve("small.png");
    ImageFiles.writePng(t, p);
    return p;
  }

  @Test
  void shouldUpscaleWithEachModelAndScale() throws Exception {
    Path in = smallPhoto(32);
    Run r = run("upscale", in.toString(), tmp.resolve("x4.png").toString(), "--model", "x4fast", "--threads", "2");
    assertEquals(0, r.code, r.err);
    assertEquals(128, ImageFiles.read(tmp.resolve("x4.png")).width());
    Run r3 = run("upscale", in.toString(), tmp.resolve("x3.png").toString(), "--model", "x4fast", "--scale", "3", "--tile", "16");
    assertEquals(0, r3.code, r3.err);
    assertEquals(96, ImageFiles.read(tmp.resolve("x3.png")).height());
    assertTrue(r3.out.contains("tiles of 16 px"), r3.out);
  }

  @Test
  void shouldRunHybridAndDrawThePartition() throws Exception {
    Path in = smallPhoto(32);
    Path explain = tmp.resolve("explain.png");
    Run r = run("upscale", in.toString(), tmp.resolve("h.png").toString(), "--hybrid", "--gamma", "0.25", "--grid", "4",
        "--explain", explain.toString(), "--threads", "2");
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains("edge slot: realesrgan-x4plus, 4 patches") && r.out.contains("device slot: realesrgan-x4fast, 12 patches"), r.out);
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
    assertTrue(r.out.contains("2.418 MFLOP per input pixel") && r.out.contains("1,213,296 parameters"), r.out);
  }

  @Test
  void shouldEvaluateAllMethodsIntoACsvAndCrops() throws Exception {
    Path photos = Files.createDirectories(tmp.resolve("photos"));
    Files.copy(smallPhoto(64), photos.resolve("a.png"));
    Path out = tmp.resolve("eval");
    Run r = run("evaluate-sr", "--out", out.toString(), "--photos", photos.toString(), "--max-side", "64", "--threads", "2");
    assertEquals(0, r.code, r.err);
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

  @Test
  void shouldBenchAndSayWhenThePeerIsAbsent() throws Exception {
    Run r = run("bench", "sr", "--sizes", "16", "--runs", "1", "--model", "x4fast", "--peer", "--photo",
        smallPhoto(32).toString(), "--peer-script", tmp.resolve("missing.py").toString());
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains("PyTorch peer: absent: no peer script at"), r.out);
    assertTrue(r.out.lines().anyMatch(l -> l.startsWith("x4fast    16")), r.out);
  }
}
