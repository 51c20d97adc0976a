package io.hybridsr.kafka.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class PatchRecordSerdeTest {

  static PatchRecord sample() {
    return new PatchRecord(
        "task-7",
        "alice",
        "jetson-01",
        5,
        16,
        1,
        1,
        4,
        128,
        128,
        128,
        128,
        16,
        512,
        512,
        1024,
        1024,
        PatchRole.BACKGROUND,
        2,
        30,
        PayloadEncoding.PNG,
        1_700_000_000_000L,
        1_700_000_000_500L,
        900L,
        300L,
        "1.0,2.0,3.0,0.5,0.25,3.25,4.25",
        new byte[] {1, 2, 3, 4});
  }

  @Test
  void shouldRoundTripEveryFieldThroughHeadersAndValue() {
    PatchRecord in = sample();
    RecordHeaders h = new RecordHeaders();
    byte[] value = new PatchRecordSerde.KafkaSerializer().serialize("t", h, in);
    PatchRecord out = new PatchRecordSerde.KafkaDeserializer().deserialize("t", h, value);
    assertEquals(in.taskId(), out.taskId());
    assertEquals(in.userId(), out.userId());
    assertEquals(in.deviceId(), out.deviceId());
    assertEquals(in.patchIndex(), out.patchIndex());
    assertEquals(in.patchCount(), out.patchCount());
    assertEquals(in.gridRow(), out.gridRow());
    assertEquals(in.gridCol(), out.gridCol());
    assertEquals(in.gridSize(), out.gridSize());
    assertEquals(in.x(), out.x());
    assertEquals(in.y(), out.y());
    assertEquals(in.width(), out.width());
    assertEquals(in.height(), out.height());
    assertEquals(in.overlap(), out.overlap());
    assertEquals(in.generationWidth(), out.generationWidth());
    assertEquals(in.generationHeight(), out.generationHeight());
    assertEquals(in.targetWidth(), out.targetWidth());
    assertEquals(in.targetHeight(), out.targetHeight());
    assertEquals(in.role(), out.role());
    assertEquals(in.scale(), out.scale());
    assertEquals(in.steps(), out.steps());
    assertEquals(in.encoding(), out.encoding());
    assertEquals(in.taskReceivedAtMs(), out.taskReceivedAtMs());
    assertEquals(in.createdAtMs(), out.createdAtMs());
    assertEquals(in.generationMillis(), out.generationMillis());
    assertEquals(in.edgeSrMillis(), out.edgeSrMillis());
    assertEquals(in.predicted(), out.predicted());
    assertArrayEquals(in.payload(), out.payload());
  }

  @Test
  void shouldNameTheMissingHeader() {
    RecordHeaders h = new RecordHeaders();
    PatchRecordSerde.writeHeaders(sample(), h);
    h.remove(PatchHeaders.SCALE);
    MalformedPatchException e =
        assertThrows(MalformedPatchException.class, () -> PatchRecordSerde.read(h, new byte[1]));
    assertEquals(PatchHeaders.SCALE, e.header());
  }

  @Test
  void shouldNameAHeaderThatDoesNotParse() {
    RecordHeaders h = new RecordHeaders();
    PatchRecordSerde.writeHeaders(sample(), h);
    h.remove(PatchHeaders.ROLE);
    h.add(PatchHeaders.ROLE, "SIDEWAYS".getBytes(StandardCharsets.UTF_8));
    MalformedPatchException e =
        assertThrows(MalformedPatchException.class, () -> PatchRecordSerde.read(h, new byte[1]));
    assertEquals(PatchHeaders.ROLE, e.header());
  }

  @Test
  void shouldRefuseAPatchIndexOutsideTheTask() {
    RecordHeaders h = new RecordHeaders();
    PatchRecordSerde.writeHeaders(sample(), h);
    h.remove(PatchHeaders.PATCH_INDEX);
    h.add(PatchHeaders.PATCH_INDEX, "16".getBytes(StandardCharsets.UTF_8));
    assertThrows(MalformedPatchException.class, () -> PatchRecordSerde.read(h, new byte[1]));
  }

  @Test
  void shouldRoundTripOutcomesAsJson() {
    Outcome o =
        new Outcome(
            "t1",
            "u",
            "d",
            "e",
            Outcome.Status.PLANNED,
            "edge",
            null,
            2,
            30,
            512,
            512,
            1024,
            1024,
            0.31,
            0.2,
            false,
            new Outcome.Timings(1.0, 2.0, 3.0, 0.5, 0.25, 3.25, 4.25),
            null,
            null,
            null,
            42L);
    Outcome back = JsonCodec.fromBytes(JsonCodec.toBytes(o), Outcome.class);
    assertEquals(o, back);
  }
}
