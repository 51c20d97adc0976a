package io.hybridsr.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlierRunImagesTest {
  @TempDir Path dir;

  @Test
  void removesOnlyTheDemosOwnImages() throws Exception {
    for (String name :
        new String[] {
          "demo-001.png",
          "demo-001.partition.png",
          "demo-012.png.pending.png",
          "demo-notes.png",
          "demo-001.txt",
          "photo.png"
        }) {
      Files.writeString(dir.resolve(name), "x");
    }
    Files.createDirectory(dir.resolve("demo-002.png"));

    assertEquals(3, EarlierRunImages.clear(dir));

    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(
          Set.of("demo-notes.png", "demo-001.txt", "photo.png", "demo-002.png"),
          left.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
    }
  }

  @Test
  void anAbsentFolderHasNothingToRemove() {
    assertEquals(0, EarlierRunImages.clear(dir.resolve("absent")));
  }
}
