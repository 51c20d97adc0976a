package io.hybridsr.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.inference.store.RealEsrganModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** upscayl-bin's command line and its failures, with shell scripts standing in for the binary. */
class UpscaylPeerTest {
  @TempDir Path tmp;

  @Test
  void shouldRunOneImageAtX4WithTheCachedWeightsByTheirPackageNamesAndOurThreads() {
    UpscaylPeer p = new UpscaylPeer(Path.of("/c/peers/upscayl-bin"), Path.of("/c/models"), 3);
    assertEquals(
        List.of(
            "/c/peers/upscayl-bin",
            "-i",
            "/t/in.png",
            "-o",
            "/t/out.png",
            "-s",
            "4",
            "-m",
            "/c/models",
            "-n",
            "realesrgan-x4plus",
            "-f",
            "png"),
        p.command(Path.of("/t/in.png"), Path.of("/t/out.png"), RealEsrganModel.X4PLUS));
    assertEquals(Map.of("LP_NUM_THREADS", "3", "OMP_NUM_THREADS", "3"), p.environment());
  }

  @Test
  void shouldNameTheMissingVulkanLoaderAndTheInstallScript() throws Exception {
    Path fake =
        script(
            "echo 'upscayl-bin: error while loading shared libraries: libvulkan.so.1: cannot open shared object file: No such file or directory' >&2\nexit 127\n");
    var e = assertThrows(UpscaylPeer.PeerFailedException.class, () -> runOn(fake));
    assertTrue(
        e.getMessage().startsWith("the Vulkan loader (libvulkan.so.1) is missing; "),
        e.getMessage());
    assertTrue(e.getMessage().contains("scripts/install-peers.sh"), e.getMessage());
  }

  @Test
  void shouldNameTheMissingVulkanDriverAndLavapipe() throws Exception {
    Path fake =
        script("echo 'vkCreateInstance failed -9'\necho 'Error: Invalid GPU Device'\nexit 255\n");
    var e = assertThrows(UpscaylPeer.PeerFailedException.class, () -> runOn(fake));
    assertTrue(
        e.getMessage()
            .startsWith(
                "no Vulkan driver (without a GPU: Mesa's lavapipe, package mesa-vulkan-drivers)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("scripts/install-peers.sh"), e.getMessage());
  }

  @Test
  void shouldFailWhenItExitsZeroWithoutWritingTheOutput() throws Exception {
    // upscayl-bin exits 0 when it cannot read its input
    Path fake = script("echo \"Error: Couldn't read the image '$2'!\"\nexit 0\n");
    var e = assertThrows(UpscaylPeer.PeerFailedException.class, () -> runOn(fake));
    assertTrue(
        e.getMessage().startsWith("upscayl-bin failed (exit 0): Error: Couldn't read the image"),
        e.getMessage());
  }

  @Test
  void shouldPassTheThreadCountAndReturnWhatItWrote() throws Exception {
    Path fake =
        script(
            "[ \"$LP_NUM_THREADS\" = 2 ] || exit 3\necho '[0 llvmpipe (LLVM 15.0.6, 256 bits)]  queueC=0[1]'\n"
                + "printf 'x4 of %s' \"$2\" > \"$4\"\n");
    UpscaylPeer.Run r = runOn(fake);
    assertEquals("x4 of " + tmp.resolve("in.png"), Files.readString(r.output()));
    assertEquals(Optional.of("llvmpipe (LLVM 15.0.6, 256 bits)"), UpscaylPeer.device(r.log()));
    assertEquals(
        List.of(),
        Files.list(tmp).filter(f -> f.getFileName().toString().endsWith(".log")).toList());
  }

  private UpscaylPeer.Run runOn(Path fake) throws Exception {
    Files.writeString(tmp.resolve("in.png"), "png");
    return new UpscaylPeer(fake, tmp, 2)
        .run(tmp.resolve("in.png"), tmp.resolve("out.png"), RealEsrganModel.X4FAST);
  }

  private Path script(String body) throws IOException {
    Path f = tmp.resolve("upscayl-bin");
    Files.writeString(f, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwx------"));
    return f;
  }
}
