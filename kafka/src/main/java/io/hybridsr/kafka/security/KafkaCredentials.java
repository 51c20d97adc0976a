package io.hybridsr.kafka.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A SCRAM user name and password.
 *
 * <p>{@link #toString()} masks the password so a credential logged by accident leaks nothing; read
 * {@link #password()} only to hand it to a Kafka client or the broker.
 */
public record KafkaCredentials(String username, String password) {
  /** Kafka principal names end up in ACLs and JAAS strings: keep them to a safe charset. */
  private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

  /** Generated passwords are base64url, so they need no quoting in JAAS or SCRAM arguments. */
  private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9_-]{16,512}");

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int PASSWORD_BYTES = 24;

  public KafkaCredentials {
    if (username == null || !USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException(
          "username must match "
              + USERNAME.pattern()
              + ", got: "
              + (username == null ? "null" : "'" + username + "'"));
    }
    if (password == null || !PASSWORD.matcher(password).matches()) {
      // Never echo the password itself.
      throw new IllegalArgumentException(
          "password of user '"
              + username
              + "' must match "
              + PASSWORD.pattern()
              + " (16 to 512 base64url characters)");
    }
  }

  /** A fresh credential for {@code username} with 192 random bits from {@link SecureRandom}. */
  public static KafkaCredentials generate(String username) {
    byte[] bytes = new byte[PASSWORD_BYTES];
    RANDOM.nextBytes(bytes);
    return new KafkaCredentials(
        username, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** The client-side {@code sasl.jaas.config} value for SCRAM. */
  public String scramJaasConfig() {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + username
        + "\" password=\""
        + password
        + "\";";
  }

  @Override
  public String toString() {
    return "KafkaCredentials[username=" + username + ", password=****]";
  }
}
