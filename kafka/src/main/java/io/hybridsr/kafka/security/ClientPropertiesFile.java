package io.hybridsr.kafka.security;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * Kafka client settings in a Java properties file, the way credentials travel between processes.
 *
 * <p>Why a file: the demo hands each device process its own credentials without putting them on a
 * command line (visible in {@code ps}) or in logs, and Kubernetes mounts the same format from a
 * Secret. The file named by the environment variable {@value #ENV} is what every hybridsr process
 * reads when it is set.
 */
public final class ClientPropertiesFile {
  /** Names a properties file of Kafka client settings (security.protocol, sasl.*, ...). */
  public static final String ENV = "HYBRIDSR_KAFKA_PROPERTIES";

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private ClientPropertiesFile() {}

  /**
   * Writes {@code props} to {@code file}, readable and writable by the owner only (0600). The file
   * is created with those permissions before any secret is written, then moved into place.
   */
  public static void write(Path file, Map<String, ?> props) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      createOwnerOnly(tmp);
      Properties p = new Properties();
      props.forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        p.store(w, "Kafka client settings written by hybridsr; holds a password, keep private");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new IllegalStateException(
          "could not write Kafka client properties to " + file + ": " + e, e);
    }
  }

  private static void createOwnerOnly(Path tmp) throws IOException {
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(tmp);
      var f = tmp.toFile();
      boolean ok =
          f.setReadable(false, false)
              & f.setWritable(false, false)
              & f.setReadable(true, true)
              & f.setWritable(true, true);
      if (!ok) {
        throw new IOException("cannot restrict " + tmp + " to its owner");
      }
    } catch (FileAlreadyExistsException e) {
      throw new IOException("temporary file " + tmp + " appeared concurrently", e);
    }
  }

  /** Writes {@link ClientSecurity#clientProperties} of {@code credentials} to {@code file}. */
  public static void write(Path file, KafkaCredentials credentials, String bootstrap) {
    write(file, ClientSecurity.clientProperties(credentials, bootstrap));
  }

  /**
   * Reads client settings from {@code file}. Refuses a file that enables SASL without a {@code
   * sasl.jaas.config}, which would otherwise fail later with a vaguer error.
   */
  public static Map<String, Object> read(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "Kafka client properties file " + file + " does not exist");
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "could not read Kafka client properties file " + file + ": " + e.getMessage(), e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    new TreeMap<>(p).forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v).trim()));
    Object protocol = out.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
    if (protocol != null
        && String.valueOf(protocol).startsWith("SASL")
        && !out.containsKey(SaslConfigs.SASL_JAAS_CONFIG)) {
      throw new IllegalArgumentException(
          "Kafka client properties file "
              + file
              + ": "
              + CommonClientConfigs.SECURITY_PROTOCOL_CONFIG
              + "="
              + protocol
              + " needs "
              + SaslConfigs.SASL_JAAS_CONFIG);
    }
    return out;
  }

  /** The settings from the file named by {@value #ENV}, or empty when it is unset or blank. */
  public static Optional<Map<String, Object>> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** As {@link #fromEnvironment()} with an explicit environment (for tests and launchers). */
  public static Optional<Map<String, Object>> fromEnvironment(Map<String, String> env) {
    String path = env.get(ENV);
    if (path == null || path.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(read(Path.of(path.trim())));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV + "=" + path + ": " + e.getMessage(), e);
    }
  }
}
