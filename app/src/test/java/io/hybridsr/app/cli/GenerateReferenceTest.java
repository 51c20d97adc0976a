package io.hybridsr.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hybridsr generate --models <reference export> --latents <its latents>} writes the PNG
 * diffusers 0.25.1 wrote (at most one 8-bit level apart), for Euler without a negative prompt
 * (zeros), with {@code --negative-prompt ""} (encoded) and for {@code --scheduler dpmpp-2m}. The
 * reference data is inference's test resource (inference/src/test/resources/sdxl-reference).
 */
@org.junit.jupiter.api.extension.ExtendWith(TemporaryModelCache.class)
class GenerateReferenceTest {
  static final Path REFERENCE =
      Path.of("..", "inference", "src", "test", "resources", "sdxl-reference");

  @TempDir Path out;

  @Test
  void shouldWriteDiffusersImageForEulerWithoutNegative() throws Exception {
    check("a_euler_cfg5", "4", "euler", null);
  }

  @Test
  void shouldEncodeAnEmptyNegativePromptAsDiffusers() throws Exception {
    check("e_euler_cfg5_empty_negative", "4", "euler", "");
  }

  @Test
  void shouldWriteDiffusersImageForDpmSolver() throws Exception {
    check("c_dpmpp2m_cfg5", "5", "DPMPP_2M", null); // the old spelling of dpmpp-2m
  }

  private void check(String id, String steps, String scheduler, String negative) throws Exception {
    assumeTrue(
        Files.isDirectory(REFERENCE), "reference data not found at " + REFERENCE.toAbsolutePath());
    Path caseDir = REFERENCE.resolve("cases").resolve(id);
    Path png = out.resolve(id + ".png");
    List<String> args =
        new ArrayList<>(
            List.of(
                "generate",
                "--models",
                REFERENCE.resolve("onnx").toString(),
                "--prompt",
                "a red fox in the snow",
                "--size",
                "128x128",
                "--steps",
                steps,
                "--guidance",
                "5",
                "--scheduler",
                scheduler,
                "--latents",
                caseDir.resolve("latents_injected.f32").toString(),
                "--out",
                png.toString()));
    if (negative != null) {
      args.add("--negative-prompt");
      args.add(negative);
    }
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int rc;
    try {
      rc = HybridsrCli.newCommandLine().execute(args.toArray(String[]::new));
    } finally {
      System.setOut(old);
    }
    String stdout = buf.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, stdout);
    assertTrue(stdout.contains("timestep float32 scalar (Optimum >= 1.24)"), stdout);
    BufferedImage want = ImageIO.read(caseDir.resolve("image.png").toFile());
    BufferedImage got = ImageIO.read(png.toFile());
    assertEquals(want.getWidth(), got.getWidth());
    assertEquals(want.getHeight(), got.getHeight());
    int worst = 0;
    for (int y = 0; y < want.getHeight(); y++) {
      for (int x = 0; x < want.getWidth(); x++) {
        int a = want.getRGB(x, y);
        int b = got.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          worst = Math.max(worst, Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)));
        }
      }
    }
    assertTrue(worst <= 1, id + ": PNG differs from diffusers' by " + worst + " levels");
  }

  @Test
  void shouldListTheReferenceExportAsReferenceWithItsExporterForm() {
    assumeTrue(
        Files.isDirectory(REFERENCE), "reference data not found at " + REFERENCE.toAbsolutePath());
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int rc;
    try {
      rc =
          HybridsrCli.newCommandLine()
              .execute("models", "list", "--sdxl", REFERENCE.resolve("onnx").toString());
    } finally {
      System.setOut(old);
    }
    String stdout = buf.toString(StandardCharsets.UTF_8);
    assertEquals(0, rc, stdout);
    String unet =
        stdout
            .lines()
            .filter(l -> l.startsWith("sdxl") && l.contains(" unet "))
            .findFirst()
            .orElseThrow();
    assertTrue(unet.contains("REFERENCE"), unet);
    assertTrue(unet.contains("ok (float32; timestep float32 scalar) (Optimum >= 1.24)"), unet);
    assertTrue(
        stdout.lines().filter(l -> l.startsWith("stablesr")).allMatch(l -> l.contains("STAND-IN")),
        stdout);
  }

  @Test
  void shouldRefuseLatentsOfTheWrongSize() throws Exception {
    Path f = out.resolve("short.f32");
    Files.write(f, new byte[100]);
    int rc =
        HybridsrCli.newCommandLine()
            .execute(
                "generate",
                "--prompt",
                "x",
                "--size",
                "64x64",
                "--steps",
                "1",
                "--latents",
                f.toString(),
                "--out",
                out.resolve("x.png").toString());
    assertEquals(2, rc);
    rc =
        HybridsrCli.newCommandLine()
            .execute(
                "generate",
                "--prompt",
                "x",
                "--size",
                "64x64",
                "--steps",
                "1",
                "--scheduler",
                "heun",
                "--out",
                out.resolve("x.png").toString());
    assertEquals(2, rc);
  }
}
