package io.hybridsr.core.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTest {

  @Test
  void shouldLoadThePaperTestbedWithSources() {
    Profile p = Profile.defaultProfile();
    assertEquals("paper-testbed", p.name());
    assertEquals(34.1e12, p.value(ProfileKeys.EDGE_PEAK_FLOPS));
    assertEquals(10.6e12, p.value(ProfileKeys.DEVICE_PEAK_FLOPS));
    assertEquals(10e6, p.value(ProfileKeys.LINK_BANDWIDTH));
    assertEquals(10, p.value(ProfileKeys.USERS));
    assertEquals(0.25, p.value(ProfileKeys.GAMMA));
    for (Figure f : p.figures().values()) {
      assertFalse(f.source().isBlank());
    }
    assertTrue(p.figure(ProfileKeys.EDGE_PEAK_FLOPS).source().contains("paper"));
  }

  @Test
  void shouldLoadFromAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("copy.json");
    Files.writeString(file, TestProfiles.defaultTree().toString(), StandardCharsets.UTF_8);
    assertEquals("paper-testbed", Profile.load(file).name());
  }

  @Test
  void shouldRefuseAMissingFigureNamingFileAndKey(@TempDir Path dir) throws Exception {
    ObjectNode root = TestProfiles.defaultTree();
    TestProfiles.remove(root, ProfileKeys.DEVICE_PEAK_FLOPS);
    Path file = dir.resolve("broken.json");
    Files.writeString(file, root.toString(), StandardCharsets.UTF_8);
    ProfileException e = assertThrows(ProfileException.class, () -> Profile.load(file));
    assertEquals(file.toString(), e.file());
    assertEquals(ProfileKeys.DEVICE_PEAK_FLOPS, e.key());
    assertTrue(e.reason().contains("missing"), e.reason());
    assertTrue(e.getMessage().contains("broken.json"));
  }

  @Test
  void shouldRefuseANegativeFigure() {
    ObjectNode root = TestProfiles.defaultTree();
    TestProfiles.set(root, ProfileKeys.LINK_BANDWIDTH, -1);
    ProfileException e =
        assertThrows(ProfileException.class, () -> TestProfiles.parse("neg.json", root));
    assertEquals(ProfileKeys.LINK_BANDWIDTH, e.key());
    assertTrue(e.reason().contains("negative"), e.reason());
  }

  @Test
  void shouldRefuseZeroDivisorsAndBadFractions() {
    ObjectNode zero = TestProfiles.defaultTree();
    TestProfiles.set(zero, ProfileKeys.EDGE_PEAK_FLOPS, 0);
    assertTrue(
        assertThrows(ProfileException.class, () -> TestProfiles.parse("z.json", zero))
            .reason()
            .contains("> 0"));
    ObjectNode gamma = TestProfiles.defaultTree();
    TestProfiles.set(gamma, ProfileKeys.GAMMA, 1.5);
    assertEquals(
        ProfileKeys.GAMMA,
        assertThrows(ProfileException.class, () -> TestProfiles.parse("g.json", gamma)).key());
  }

  @Test
  void shouldRefuseBareNumbersMissingSourcesAndBadJson() {
    ObjectNode bare = TestProfiles.defaultTree();
    ((ObjectNode) bare.get("link")).put("bandwidthBitsPerSecond", 10e6);
    ProfileException b =
        assertThrows(ProfileException.class, () -> TestProfiles.parse("b.json", bare));
    assertEquals("link.bandwidthBitsPerSecond", b.key());
    ObjectNode noSource = TestProfiles.defaultTree();
    ((ObjectNode) noSource.get("edge").get("peakFlops")).remove("source");
    assertTrue(
        assertThrows(ProfileException.class, () -> TestProfiles.parse("s.json", noSource))
            .reason()
            .contains("source"));
    assertEquals(
        "$",
        assertThrows(
                ProfileException.class,
                () -> Profile.parse("j.json", "{".getBytes(StandardCharsets.UTF_8)))
            .key());
  }
}
