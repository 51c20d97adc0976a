package io.hybridsr.core.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ColocationTest {
  @Test
  void readsTheConfigurationsValuesAndTheOldBooleans() {
    assertEquals(Colocation.APART, Colocation.parse("false"));
    assertEquals(Colocation.APART, Colocation.parse("apart"));
    assertEquals(Colocation.SHARED, Colocation.parse("true"));
    assertEquals(Colocation.SHARED, Colocation.parse(" Shared "));
    assertEquals(Colocation.EDGE_FIRST, Colocation.parse("edge-first"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Colocation.parse("sometimes"));
    assertTrue(e.getMessage().contains("'sometimes'"), e.getMessage());
  }

  @Test
  void theEdgeFirstIsSlowedByNoDeviceButSlowsThem() {
    assertFalse(Colocation.EDGE_FIRST.edgeSlowedByDevices());
    assertTrue(Colocation.EDGE_FIRST.deviceSlowedByEdge());
    assertTrue(Colocation.SHARED.edgeSlowedByDevices());
    assertFalse(Colocation.APART.contends());
  }
}
