package io.hybridsr.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DemoDevicesTest {
  @Test
  void eachDefaultDeviceCanHaveACpuOfItsOwnBesideTheEdge() {
    assertEquals(1, DemoCommand.defaultDevices(1), "one device even where it must share");
    assertEquals(1, DemoCommand.defaultDevices(2));
    assertEquals(2, DemoCommand.defaultDevices(3));
    assertEquals(2, DemoCommand.defaultDevices(16), "at most two");
  }
}
