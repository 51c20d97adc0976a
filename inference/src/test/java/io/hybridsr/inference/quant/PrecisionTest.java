package io.hybridsr.inference.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrecisionTest {
  @Test
  void shouldParseTheCommandLineNames() {
    assertEquals(Precision.INT8, Precision.parse("int8"));
    assertEquals(Precision.FP32, Precision.parse(" FP32 "));
    assertEquals(Precision.FP16, Precision.parse("fp16"));
    assertEquals("bf16", Precision.BF16.toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp8"));
    assertTrue(e.getMessage().contains("[fp32, int8, fp16, bf16]"), e.getMessage());
  }

  /** What ONNX Runtime 1.28 answers on this project's machines; a newer one may change it. */
  @Test
  void shouldSayWhyBf16CannotRun() {
    assertTrue(
        Bf16Support.problem().isPresent(),
        "ONNX Runtime now opens a bfloat16 Conv: write the bf16 graph");
    String msg = Bf16Support.refusal().getMessage();
    assertTrue(msg.contains("no bfloat16 Conv kernel") && msg.contains("Conv(22)"), msg);
  }
}
