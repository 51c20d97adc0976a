package io.hybridsr.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** generate, models list and calibrate run in-process on the stand-ins. */
@org.junit.jupiter.api.extension.ExtendWith(TemporaryModelCache.class)
class DiffusionCommandsTest {
  @TempDir Path out;

  private static String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int rc = HybridsrCli.newCommandLine().execute(args);
      assertEquals(0, rc, "exit code of " + String.join(" ", args) + "; output:\n" + buf);
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldGenerateAPngOnStandInsAndSaySo() throws Exception {
    Path png = out.resolve("cat.png");
    String stdout =
        run(
            "generate",
            "--prompt",
            "a photo of a cat",
            "--size",
            "64x48",
            "--steps",
            "2",
            "--seed",
            "3",
            "--out",
            png.toString());
    assertTrue(stdout.contains("STAND-IN"), stdout);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(64, img.getWidth());
    assertEquals(48, img.getHeight());
  }

  @Test
  void shouldRefuseABadSizeNamingTheFlag() {
    int rc =
        HybridsrCli.newCommandLine()
            .execute(
                "generate",
                "--prompt",
                "x",
                "--size",
                "64by64",
                "--steps",
                "2",
                "--out",
                out.resolve("x.png").toString());
    assertEquals(2, rc);
  }

  @Test
  void shouldRefuseAnIncompleteModelFolderNamingTheMissingFile() throws Exception {
    Path models = out.resolve("sdxl");
    io.hybridsr.inference.standin.StandIns.writeSdxl(models);
    java.nio.file.Files.delete(models.resolve("unet/model.onnx"));
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
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
                  "--out",
                  out.resolve("x.png").toString(),
                  "--models",
                  models.toString());
      assertEquals(2, rc);
    } finally {
      System.setErr(old);
    }
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("missing [unet/model.onnx]"),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void shouldListEveryModelAsAStandInThatMatchesItsContract() {
    String stdout = run("models", "list");
    for (String m :
        new String[] {"text_encoder_2", "unet", "vae_decoder", "struct_encoder", "vae_encoder"}) {
      assertTrue(stdout.contains(m), stdout);
    }
    assertTrue(stdout.contains("STAND-IN"), stdout);
    assertTrue(stdout.contains("all models match their contracts"), stdout);
  }

  /**
   * Real-ESRGAN's variants are listed from the model store, one line per precision, none converted
   * by listing.
   */
  @Test
  void shouldListEachRealEsrganVariant() {
    io.hybridsr.inference.store.ModelStore.locate(null).ensureAll();
    String stdout = run("models", "list");
    for (String runner :
        new String[] {
          "realesrgan-x4fast ",
          "realesrgan-x4fast-int8 ",
          "realesrgan-x4plus ",
          "realesrgan-x4plus-int8 "
        }) {
      assertTrue(
          stdout.lines().anyMatch(l -> l.startsWith("realesrgan " + runner)),
          runner + "missing:\n" + stdout);
    }
    assertTrue(
        stdout
            .lines()
            .anyMatch(l -> l.contains("realesrgan-x4fast-bf16") && l.contains("refused: ")),
        stdout);
  }

  @Test
  void shouldWriteAProfileMarkedAsStandInFigures() throws Exception {
    Path profile = out.resolve("profile.json");
    String stdout =
        run(
            "calibrate",
            "--out",
            profile.toString(),
            "--sizes",
            "64,128",
            "--repeats",
            "1",
            "--tile",
            "8",
            "--patch",
            "8");
    assertTrue(stdout.contains("figures are for stand-ins"), stdout);
    JsonNode p = new ObjectMapper().readTree(profile.toFile());
    assertTrue(p.path("measurements").path("standIns").asBoolean());
    assertTrue(p.path("edge").path("efficiency").path("sdxl").path("value").asDouble() > 0);
    assertTrue(p.path("edge").path("peakFlops").path("source").asText().length() > 0);
    // SDXL and VAE at two sizes, two StableSR probes, Real-ESRGAN x4fast (device) at two sizes
    // and x4plus (edge slot) at one, each in fp32 and int8 (the default --precision).
    assertEquals(12, p.path("measurements").path("probes").size());
    assertTrue(p.path("device").path("efficiency").path("realesrgan").path("value").asDouble() > 0);
    assertTrue(
        p.path("device").path("efficiency").path("realesrgan-int8").path("value").asDouble() > 0);
    assertTrue(
        p.path("edge").path("efficiency").path("realesrgan-int8").path("value").asDouble() > 0);
    // The latency model reads what calibrate writes.
    io.hybridsr.core.profile.Profile loaded = io.hybridsr.core.profile.Profile.load(profile);
    assertTrue(loaded.value(io.hybridsr.core.profile.ProfileKeys.EDGE_PEAK_FLOPS) > 0);
  }
}
