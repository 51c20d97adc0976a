package io.hybridsr.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommitTrackerTest {
  @Test
  void shouldHoldTheCommitAtTheOldestUnfinishedTask() {
    CommitTracker c = new CommitTracker();
    assertTrue(c.committable().isEmpty());
    c.read(10, "a");
    c.read(11, "b");
    c.read(12, "a");
    c.read(13, "b");
    assertEquals(10, c.committable().getAsLong());
    c.taskDone("b");
    assertEquals(10, c.committable().getAsLong(), "a is still open from offset 10");
    c.taskDone("a");
    assertEquals(14, c.committable().getAsLong());
    c.readAndDone(14);
    assertEquals(15, c.committable().getAsLong());
  }
}
