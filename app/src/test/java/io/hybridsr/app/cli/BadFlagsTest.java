package io.hybridsr.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A bad flag or setting is a clear error and exit code 2, before anything starts (no broker, no
 * job, no stack trace).
 */
class BadFlagsTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "demo|--edge-precision|fp8|precision 'fp8' is not one of",
        "demo|--edge-precision|fp16|fp16 is for GPUs; the edge runs on the CPU here",
        "demo|--device-precision|fp16|fp16 is for GPUs",
        "demo|--tasks|0|--tasks, --users and --devices must be >= 1",
        "demo|--slow-device-factor|0.5|--slow-device-factor must be >= 1",
        "job|--config|/nonexistent/job.properties|--config /nonexistent/job.properties: no such file",
        "bench pipeline|--rate|-5|--rate must be > 0",
        "bench pipeline|--seconds|0|--seconds must be > 0",
        "evaluate-sr|--photos|/nonexistent|--photos /nonexistent: no such folder",
      })
  void shouldRefuseABadFlagWithItsReason(String command, String flag, String value, String reason) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(command.split(" ")));
    args.addAll(java.util.List.of(flag, value));
    if (command.equals("evaluate-sr")) {
      args.addAll(java.util.List.of("--out", "/tmp/hybridsr-bad-flags-test"));
    }
    SrCommandsTest.Run r = SrCommandsTest.run(args.toArray(String[]::new));
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains(reason), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r.err());
    assertFalse(r.out().contains("job running"), r.out());
  }
}
