package io.hybridsr.device;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Which offset of the device topic may be committed: the lowest offset still held by a task whose
 * image is not yet safely written.
 *
 * <p>Patches of several tasks interleave on the one partition, so committing the last offset read
 * would lose an unfinished task on a crash; committing this low-water mark re-reads some finished
 * tasks instead, which the consumer skips by task id (at-least-once, no duplicates).
 */
public final class CommitTracker {
  /** offset -> task id, for records whose task is still open. */
  private final TreeMap<Long, String> held = new TreeMap<>();

  private final Map<String, java.util.List<Long>> offsetsByTask = new HashMap<>();
  private long nextOffset = -1;

  /** A record was read at {@code offset} for {@code taskId}. */
  public void read(long offset, String taskId) {
    held.put(offset, taskId);
    offsetsByTask.computeIfAbsent(taskId, k -> new java.util.ArrayList<>()).add(offset);
    nextOffset = Math.max(nextOffset, offset + 1);
  }

  /** A record that belongs to no open task (finished already, or malformed and reported). */
  public void readAndDone(long offset) {
    nextOffset = Math.max(nextOffset, offset + 1);
  }

  /** The task's image is written (or it was reported incomplete): release its records. */
  public void taskDone(String taskId) {
    var offsets = offsetsByTask.remove(taskId);
    if (offsets != null) {
      offsets.forEach(held::remove);
    }
  }

  /** The offset to commit (Kafka's "next to read"), or empty if nothing was read yet. */
  public OptionalLong committable() {
    if (!held.isEmpty()) {
      return OptionalLong.of(held.firstKey());
    }
    return nextOffset < 0 ? OptionalLong.empty() : OptionalLong.of(nextOffset);
  }

  public int openTasks() {
    return offsetsByTask.size();
  }
}
