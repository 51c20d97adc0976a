package io.hybridsr.inference.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hybridsr.inference.store.internal.TarGzReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
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
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
      TestTars.entry(out, "package/readme.txt", a);
      TestTars.entry(out, "package/models/m.bin", b);
      out.write(new byte[1024]);
    }
    Path dir = Files.createDirectories(tmp.resolve("out"));
    Set<String> found = TarGzReader.extract(tgz, Map.of("package/models/m.bin", "m.bin"), dir);
    assertEquals(Set.of("package/models/m.bin"), found);
    assertEquals(java.util.List.of(dir.resolve("m.bin")), Files.list(dir).toList());
    org.junit.jupiter.api.Assertions.assertArrayEquals(b, Files.readAllBytes(dir.resolve("m.bin")));
  }
}
