package io.hybridsr.kafka.security;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * Kafka client settings for a SCRAM user, shared by consumers, producers, admin clients and Flink's
 * KafkaSource/KafkaSink (pass each entry with {@code setProperty}).
 */
public final class ClientSecurity {
  /** The only SASL mechanism hybridsr's client listener enables. */
  public static final String MECHANISM = "SCRAM-SHA-512";

  /** Loopback in the demo; a real cluster should use {@code SASL_SSL} (see docs/security.md). */
  public static final String PROTOCOL = "SASL_PLAINTEXT";

  private ClientSecurity() {}

  /**
   * {@code bootstrap.servers}, {@code security.protocol}, {@code sasl.mechanism} and {@code
   * sasl.jaas.config} for {@code credentials}. The map holds the password: never log it.
   */
  public static Map<String, Object> clientProperties(
      KafkaCredentials credentials, String bootstrap) {
    Map<String, Object> p = new LinkedHashMap<>(securityProperties(credentials));
    if (bootstrap == null || bootstrap.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers must not be blank");
    }
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return p;
  }

  /** The same settings without {@code bootstrap.servers}. */
  public static Map<String, Object> securityProperties(KafkaCredentials credentials) {
    if (credentials == null) {
      throw new IllegalArgumentException("credentials must not be null");
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, PROTOCOL);
    p.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
    p.put(SaslConfigs.SASL_JAAS_CONFIG, credentials.scramJaasConfig());
    return p;
  }

  /** A copy of {@code props} safe to log: {@code sasl.jaas.config} and passwords masked. */
  public static Map<String, Object> redacted(Map<String, ?> props) {
    Map<String, Object> out = new LinkedHashMap<>();
    props.forEach(
        (k, v) -> {
          String key = String.valueOf(k).toLowerCase(java.util.Locale.ROOT);
          boolean secret =
              key.contains("jaas") || key.contains("password") || key.contains("secret");
          out.put(String.valueOf(k), secret ? "****" : v);
        });
    return out;
  }
}
