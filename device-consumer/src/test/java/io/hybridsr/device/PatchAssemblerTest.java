package io.hybridsr.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.kafka.records.PatchRole;
import io.hybridsr.kafka.records.PayloadEncoding;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatchAssemblerTest {
  static PatchRecord patch(String task, int index, int count) {
    return patch(task, index, count, 2);
  }

  static PatchRecord patch(String task, int index, int count, int scale) {
    return new PatchRecord(
        task,
        "u",
        "d",
        index,
        count,
        index / 2,
        index % 2,
        2,
        0,
        0,
        8,
        8,
        0,
        8,
        8,
        16,
        16,
        PatchRole.BACKGROUND,
        scale,
        10,
        PayloadEncoding.PNG,
        0L,
        0L,
        0L,
        0L,
        "",
        new byte[] {(byte) index});
  }

  @Test
  void shouldCompleteATaskWhosePatchesArriveOutOfOrderAndTwice() {
    PatchAssembler a = new PatchAssembler(1_000);
    assertEquals(PatchAssembler.Offer.ACCEPTED, a.offer(patch("t", 3, 4), 0));
    assertEquals(PatchAssembler.Offer.ACCEPTED, a.offer(patch("t", 0, 4), 0));
    assertEquals(PatchAssembler.Offer.DUPLICATE, a.offer(patch("t", 3, 4), 0));
    assertEquals(PatchAssembler.Offer.ACCEPTED, a.offer(patch("t", 1, 4), 0));
    assertEquals(PatchAssembler.Offer.COMPLETED, a.offer(patch("t", 2, 4), 0));
    List<PatchRecord> got = a.take("t");
    assertEquals(List.of(0, 1, 2, 3), got.stream().map(PatchRecord::patchIndex).toList());
    assertEquals(0, a.openTasks());
  }

  @Test
  void shouldReportWhatIsMissingWhenTheDeadlinePasses() {
    PatchAssembler a = new PatchAssembler(500);
    a.offer(patch("late", 0, 4), 100);
    a.offer(patch("late", 2, 4), 200);
    a.offer(patch("fresh", 0, 2), 550);
    assertTrue(a.expire(599).isEmpty());
    List<PatchAssembler.Expired> gone = a.expire(600);
    assertEquals(1, gone.size());
    assertEquals("late", gone.get(0).sample().taskId());
    assertEquals(List.of(1, 3), gone.get(0).missing());
    assertEquals(1, a.openTasks(), "the fresh task keeps waiting");
  }

  @Test
  void shouldCompleteWhicheverPlanOfAReplayedTaskArrivesWhole() {
    // A first plan (S=2) half delivered, then the edge replays the task with S=4 in full.
    PatchAssembler a = new PatchAssembler(500);
    a.offer(patch("t", 0, 4, 2), 0);
    a.offer(patch("t", 1, 4, 2), 0);
    for (int i = 0; i < 3; i++) {
      assertEquals(PatchAssembler.Offer.ACCEPTED, a.offer(patch("t", i, 4, 4), 0));
    }
    assertEquals(PatchAssembler.Offer.COMPLETED, a.offer(patch("t", 3, 4, 4), 0));
    List<PatchRecord> got = a.take("t");
    assertEquals(4, got.size());
    assertTrue(got.stream().allMatch(p -> p.scale() == 4), "one plan's patches only");
    assertEquals(0, a.openTasks());
  }
}
