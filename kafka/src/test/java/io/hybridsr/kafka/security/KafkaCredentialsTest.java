package io.hybridsr.kafka.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KafkaCredentialsTest {
  @Test
  void shouldMaskThePasswordInToString() {
    KafkaCredentials c = KafkaCredentials.generate("device-jetson-01");
    assertFalse(c.toString().contains(c.password()), c.toString());
    assertTrue(c.toString().contains("device-jetson-01"));
    assertTrue(c.toString().contains("****"));
    KafkaSecurity s = new KafkaSecurity(c);
    assertFalse(s.toString().contains(c.password()), s.toString());
  }

  @Test
  void shouldGenerateDistinctLongPasswords() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      KafkaCredentials c = KafkaCredentials.generate("u");
      assertEquals(32, c.password().length(), "24 random bytes in base64url");
      assertTrue(seen.add(c.password()), "a password repeated");
    }
  }

  @Test
  void shouldRefuseBadNamesAndPasswordsWithoutEchoingThePassword() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> new KafkaCredentials("a b", "x".repeat(20)));
    assertTrue(e.getMessage().contains("username"), e.getMessage());
    var p =
        assertThrows(IllegalArgumentException.class, () -> new KafkaCredentials("u", "short\"pw"));
    assertTrue(p.getMessage().contains("password of user 'u'"), p.getMessage());
    assertFalse(p.getMessage().contains("short\"pw"), p.getMessage());
  }

  @Test
  void shouldBuildScramClientSettingsAndRedactThem() {
    KafkaCredentials c = KafkaCredentials.generate(Principals.JOB);
    Map<String, Object> p = ClientSecurity.clientProperties(c, "localhost:9092");
    assertEquals("SASL_PLAINTEXT", p.get("security.protocol"));
    assertEquals("SCRAM-SHA-512", p.get("sasl.mechanism"));
    assertEquals("localhost:9092", p.get("bootstrap.servers"));
    assertEquals(
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"hybridsr-job\" password=\""
            + c.password()
            + "\";",
        p.get("sasl.jaas.config"));
    Map<String, Object> safe = ClientSecurity.redacted(p);
    assertFalse(safe.toString().contains(c.password()), safe.toString());
    assertEquals("localhost:9092", safe.get("bootstrap.servers"));
    assertThrows(IllegalArgumentException.class, () -> ClientSecurity.clientProperties(c, " "));
  }

  @Test
  void shouldNameDevicesAndRefuseIdsThatCannotBeTopics() {
    assertEquals("device-jetson-01", Principals.device("jetson-01"));
    assertEquals("hybridsr-device-jetson-01", Principals.deviceGroup("jetson-01"));
    var e = assertThrows(IllegalArgumentException.class, () -> Principals.device("a.b"));
    assertTrue(e.getMessage().contains("deviceId"), e.getMessage());
    assertNotEquals(Principals.JOB, Principals.LOAD_GENERATOR);
  }
}
