package io.hybridsr.inference.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.platform.Fp16Conversions;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Float to half rounding (ONNX Runtime's {@code Fp16Conversions}, which the fp16 graphs rely on):
 * IEEE 754's values, ties to even, range ends.
 */
class Fp16RoundingTest {
  @Test
  void shouldGiveIeeeHalfBitsForKnownValues() {
    assertEquals(0x3c00, Fp16Conversions.floatToFp16(1f) & 0xffff);
    assertEquals(0xc000, Fp16Conversions.floatToFp16(-2f) & 0xffff);
    assertEquals(0x7bff, Fp16Conversions.floatToFp16(65504f) & 0xffff, "largest half");
    assertEquals(0x7c00, Fp16Conversions.floatToFp16(65520f) & 0xffff, "rounds up to infinity");
    assertEquals(
        0x7bff, Fp16Conversions.floatToFp16(65519f) & 0xffff, "rounds down to the largest");
    assertEquals(0x0001, Fp16Conversions.floatToFp16(0x1p-24f) & 0xffff, "smallest subnormal");
    assertEquals(0x0000, Fp16Conversions.floatToFp16(0x1p-25f) & 0xffff, "a tie to even: zero");
    assertEquals(0x0001, Fp16Conversions.floatToFp16(0x1.8p-25f) & 0xffff, "above the tie: up");
    assertEquals(0x0400, Fp16Conversions.floatToFp16(0x1p-14f) & 0xffff, "smallest normal");
    assertEquals(0x2e66, Fp16Conversions.floatToFp16(0.1f) & 0xffff);
    assertEquals(0x3c00, Fp16Conversions.floatToFp16(1f + 0x1p-11f) & 0xffff, "tie to even: down");
    assertEquals(
        0x3c02, Fp16Conversions.floatToFp16(1f + 3 * 0x1p-11f) & 0xffff, "tie to even: up");
    assertEquals(0x8000, Fp16Conversions.floatToFp16(-0f) & 0xffff);
    assertTrue(Float.isNaN(Fp16Conversions.fp16ToFloat(Fp16Conversions.floatToFp16(Float.NaN))));
  }

  @Test
  void shouldRoundToTheNearestHalf() {
    Random r = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      // bit patterns over half's whole range and below it, both signs
      float f =
          Float.intBitsToFloat(
              (r.nextBoolean() ? 0x80000000 : 0) | (0x30000000 + r.nextInt(0x17800000)));
      if (Math.abs(f) < 65504f) {
        checkNearest(f);
      }
    }
  }

  private static void checkNearest(float f) {
    float h = Fp16Conversions.fp16ToFloat(Fp16Conversions.floatToFp16(f));
    // the neighbours of h among halves: h's own bits plus or minus one
    short bits = Fp16Conversions.floatToFp16(f);
    float up = Fp16Conversions.fp16ToFloat((short) (bits + 1));
    float down = Fp16Conversions.fp16ToFloat((short) (bits - 1));
    double err = Math.abs((double) h - f);
    if (!Float.isInfinite(up) && (bits & 0x7fff) != 0x7fff) {
      assertTrue(err <= Math.abs((double) up - f), f + " -> " + h + ", but " + up + " is nearer");
    }
    if ((bits & 0x7fff) != 0) {
      assertTrue(
          err <= Math.abs((double) down - f), f + " -> " + h + ", but " + down + " is nearer");
    }
    assertEquals(bits, Fp16Conversions.floatToFp16(h), "a half converts to itself");
  }
}
