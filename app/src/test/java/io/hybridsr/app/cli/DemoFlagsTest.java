package io.hybridsr.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A bad demo flag is a clear one-line error and exit code 2, before anything starts (no broker, no
 * job, no stack trace).
 */
class DemoFlagsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--edge-precision|fp8|precision 'fp8' is not one of",
        "--edge-precision|fp16|fp16 is for GPUs; the edge runs on the CPU here",
        "--device-precision|fp16|fp16 is for GPUs",
        "--tasks|0|--tasks, --users and --devices must be >= 1",
        "--slow-device-factor|0.5|--slow-device-factor must be >= 1",
      })
  void shouldRefuseABadFlagWithItsReason(String flag, String value, String reason) {
    SrCommandsTest.Run r = SrCommandsTest.run("demo", flag, value);
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains(reason), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r.err());
    assertFalse(r.out().contains("job running"), r.out());
  }
}
