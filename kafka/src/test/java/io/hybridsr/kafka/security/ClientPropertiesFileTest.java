package io.hybridsr.kafka.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientPropertiesFileTest {
  @TempDir Path dir;

  @Test
  void shouldWriteAnOwnerOnlyFileThatReadsBackTheSameSettings() throws Exception {
    KafkaCredentials c = KafkaCredentials.generate(Principals.device("jetson-01"));
    Path file = dir.resolve("sub/device.properties");
    ClientPropertiesFile.write(file, c, "localhost:19092");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(
        ClientSecurity.clientProperties(c, "localhost:19092"), ClientPropertiesFile.read(file));
    // Overwriting keeps it private and leaves no temporary file behind.
    ClientPropertiesFile.write(file, c, "localhost:19093");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (var s = Files.list(file.getParent())) {
      assertEquals(1, s.count());
    }
  }

  @Test
  void shouldLoadTheFileNamedByTheEnvironment() {
    KafkaCredentials c = KafkaCredentials.generate(Principals.JOB);
    Path file = dir.resolve("job.properties");
    ClientPropertiesFile.write(file, c, "kafka:9092");
    Map<String, Object> p =
        ClientPropertiesFile.fromEnvironment(Map.of(ClientPropertiesFile.ENV, file.toString()))
            .orElseThrow();
    assertEquals(c.scramJaasConfig(), p.get("sasl.jaas.config"));
    assertTrue(ClientPropertiesFile.fromEnvironment(Map.of()).isEmpty());
    assertTrue(
        ClientPropertiesFile.fromEnvironment(Map.of(ClientPropertiesFile.ENV, " ")).isEmpty());
  }

  @Test
  void shouldNameTheVariableAndFileWhenTheFileIsMissingOrIncomplete() throws Exception {
    Path missing = dir.resolve("nope.properties");
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ClientPropertiesFile.fromEnvironment(
                    Map.of(ClientPropertiesFile.ENV, missing.toString())));
    assertTrue(
        e.getMessage().contains(ClientPropertiesFile.ENV)
            && e.getMessage().contains("does not exist"),
        e.getMessage());
    Path noJaas = dir.resolve("nojaas.properties");
    Files.writeString(noJaas, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n");
    var j = assertThrows(IllegalArgumentException.class, () -> ClientPropertiesFile.read(noJaas));
    assertTrue(
        j.getMessage().contains("sasl.jaas.config") && j.getMessage().contains(noJaas.toString()),
        j.getMessage());
  }
}
