package io.hybridsr.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicsTest {
  @Test
  void shouldNameDeviceTopicsAfterTheDevice() {
    assertEquals("hybridsr.device.jetson-01", Topics.deviceTopic("jetson-01"));
  }

  @Test
  void shouldRefuseDeviceIdsThatCannotNameATopic() {
    for (String bad : new String[] {"", "a b", "../x", "dev.1", "x".repeat(201)}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Topics.deviceTopic(bad));
      assertTrue(e.getMessage().contains("deviceId"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Topics.deviceTopic(null));
  }

  @Test
  void shouldNameOutcomeTopicsSoThatNoneIsAPatchTopic() {
    assertEquals("hybridsr.outcomes.jetson-01", Topics.deviceOutcomeTopic("jetson-01"));
    assertEquals("jetson-01", Topics.deviceOfOutcomeTopic("hybridsr.outcomes.jetson-01"));
    // Device ids have no '.', so no outcome topic is a patch topic and no patch topic matches.
    for (String notOutcome :
        new String[] {
          "hybridsr.device.jetson-01",
          "hybridsr.results",
          "hybridsr.outcomes.",
          "hybridsr.outcomes.a.b",
          "hybridsr.outcomes.a b",
          "xhybridsr.outcomes.a",
          "hybridsr.outcomes." + "x".repeat(201),
          null
        }) {
      assertEquals(null, Topics.deviceOfOutcomeTopic(notOutcome), String.valueOf(notOutcome));
    }
    assertTrue(!Topics.deviceOutcomeTopic("a").startsWith(Topics.DEVICE_PREFIX));
    assertTrue(!Topics.deviceTopic("a").startsWith(Topics.OUTCOMES_PREFIX));
    assertThrows(IllegalArgumentException.class, () -> Topics.deviceOutcomeTopic("dev.1"));
    assertEquals(1, Topics.deviceOutcomeSpec("a").partitions());
  }
}
