package io.hybridsr.kafka.security;

import java.util.Map;

/**
 * How a broker is secured: the superuser that authenticates inter-broker and controller traffic and
 * administers users and ACLs. Every other principal gets only what {@link AclModel} grants.
 *
 * <p>Keep the same instance (or the same credentials) across restarts of a broker with a persistent
 * data folder: the superuser's SCRAM credential is written into its metadata when the storage is
 * formatted.
 */
public record KafkaSecurity(KafkaCredentials superuser) {
  public KafkaSecurity {
    if (superuser == null) {
      throw new IllegalArgumentException("superuser credentials must not be null");
    }
  }

  /** A superuser {@value Principals#SUPERUSER} with a fresh random password. */
  public static KafkaSecurity generate() {
    return new KafkaSecurity(KafkaCredentials.generate(Principals.SUPERUSER));
  }

  /** Client settings for the superuser (admin tools, tests, the demo's own setup). */
  public Map<String, Object> superuserClientProperties(String bootstrap) {
    return ClientSecurity.clientProperties(superuser, bootstrap);
  }

  @Override
  public String toString() {
    return "KafkaSecurity[superuser=" + superuser + "]";
  }
}
