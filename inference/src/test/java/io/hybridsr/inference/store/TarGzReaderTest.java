package io.hybridsr.inference.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridsr.inference.store.internal.TarGzReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzReaderTest {
  @TempDir Path tmp;

  @Test
  void shouldExtractOnlyTheWantedEntriesByteForByte() throws IOException {
    byte[] a = "first file".getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[1300];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 7);
    }
    Path tgz = tmp.resolve("p.tgz");
    java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
    entries.put("package/readme.txt", a);
    entries.put("package/models/m.bin", b);
    TestTars.write(tgz, entries);
    Path dir = Files.createDirectories(tmp.resolve("out"));
    Set<String> found = TarGzReader.extract(tgz, Map.of("package/models/m.bin", "m.bin"), dir);
    assertEquals(Set.of("package/models/m.bin"), found);
    assertEquals(java.util.List.of(dir.resolve("m.bin")), Files.list(dir).toList());
    org.junit.jupiter.api.Assertions.assertArrayEquals(b, Files.readAllBytes(dir.resolve("m.bin")));
  }
}
