package io.hybridsr.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The cluster entry point's command line, parsed by Flink's ParameterTool. */
class FlinkJobMainTest {
  @Test
  void readsBootstrapAndConfig() {
    FlinkJobMain.Args a =
        FlinkJobMain.parse(
            new String[] {"--bootstrap", "k:9092", "--config", "/etc/job.properties"});
    assertEquals("k:9092", a.bootstrap());
    assertEquals(Path.of("/etc/job.properties"), a.config());
    assertNull(FlinkJobMain.parse(new String[] {"--bootstrap", "k:9092"}).config());
  }

  @Test
  void refusesWhatItDoesNotKnowWithTheUsage() {
    var missing =
        assertThrows(IllegalArgumentException.class, () -> FlinkJobMain.parse(new String[] {}));
    assertTrue(
        missing.getMessage().contains("--bootstrap HOST:PORT is required"), missing.getMessage());
    var unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> FlinkJobMain.parse(new String[] {"--bootstrap", "k:9092", "--bootstrp", "x"}));
    assertTrue(
        unknown.getMessage().contains("[bootstrp]") && unknown.getMessage().contains("usage"),
        unknown.getMessage());
    var noValue =
        assertThrows(
            IllegalArgumentException.class,
            () -> FlinkJobMain.parse(new String[] {"--bootstrap", "k:9092", "--config"}));
    assertTrue(noValue.getMessage().contains("--config needs a value"), noValue.getMessage());
  }
}
