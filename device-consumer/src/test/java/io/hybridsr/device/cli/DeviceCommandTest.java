package io.hybridsr.device.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The device refuses a precision it cannot run or whose measured quality loss is over budget,
 * before it touches Kafka (no broker runs here: the refusal must come first).
 */
class DeviceCommandTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = new CommandLine(new DeviceCommand()).execute(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void shouldRefuseInt8WhenItsMeasuredLossExceedsTheBudget() {
    // x4fast int8 measured 0.16 dB below fp32 on the hold-out crops: over a 0.01 dB budget
    Run r =
        run(
            "--id",
            "d1",
            "--bootstrap",
            "localhost:1",
            "--precision",
            "int8",
            "--max-psnr-loss",
            "0.01",
            "--threads",
            "2");
    assertEquals(2, r.code, r.out + r.err);
    assertTrue(
        r.err.contains("device d1: precision int8 refused: it loses")
            && r.err.contains("budget of 0.01 dB"),
        r.err);
  }

  @Test
  void shouldRefuseBf16WithTheReason() {
    Run r = run("--id", "d1", "--bootstrap", "localhost:1", "--precision", "bf16");
    assertEquals(2, r.code, r.out + r.err);
    assertTrue(r.err.contains("bf16 is not available") && r.err.contains("bfloat16 Conv"), r.err);
  }

  @Test
  void shouldRejectAnUnknownPrecisionAsABadFlag() {
    Run r = run("--id", "d1", "--precision", "fp8");
    assertEquals(2, r.code);
    assertTrue(r.err.contains("precision 'fp8' is not one of [fp32, int8, fp16, bf16]"), r.err);
  }

  @Test
  void shouldRefuseTooFewThreadsAsABadFlag() {
    Run r = run("--id", "d1", "--threads", "-1");
    assertEquals(2, r.code, r.out + r.err);
    assertTrue(r.err.contains("--threads must be >= 1, got -1"), r.err);
  }

  @Test
  void shouldRefuseFp16OnTheCpuWithTheReason() {
    Run r = run("--id", "d1", "--bootstrap", "localhost:1", "--precision", "fp16");
    assertEquals(2, r.code, r.out + r.err);
    assertTrue(r.err.contains("fp16 refused") && r.err.contains("slower than fp32"), r.err);
  }
}
