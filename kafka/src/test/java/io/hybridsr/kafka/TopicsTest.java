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
}
