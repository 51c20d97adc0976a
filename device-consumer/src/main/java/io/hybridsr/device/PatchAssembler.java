package io.hybridsr.device;

import io.hybridsr.kafka.records.PatchRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Gathers a task's patches as they arrive, in any order and possibly twice, and says when the
 * task is complete or has waited past its deadline.
 */
public final class PatchAssembler {
  private final long deadlineMs;
  private final Map<String, OpenTask> open = new LinkedHashMap<>();

  /** @param deadlineMs how long after its first patch a task may wait for the rest */
  public PatchAssembler(long deadlineMs) {
    if (deadlineMs <= 0) {
      throw new IllegalArgumentException("deadline must be positive, got " + deadlineMs + " ms");
    }
    this.deadlineMs = deadlineMs;
  }

  /** What happened to an offered patch. */
  public enum Offer {
    /** Kept; the task still waits for more. */
    ACCEPTED,
    /** Kept, and it was the last one missing: take the task with {@link #take}. */
    COMPLETED,
    /** A patch index the task already had (a re-delivery): ignored. */
    DUPLICATE,
    /** Contradicts what the task's earlier patches said (count, size): ignored and reported. */
    INCONSISTENT
  }

  public Offer offer(PatchRecord p, long nowMs) {
    OpenTask t = open.computeIfAbsent(p.taskId(), id -> new OpenTask(p, nowMs));
    if (p.patchCount() != t.first.patchCount() || p.targetWidth() != t.first.targetWidth()
        || p.targetHeight() != t.first.targetHeight()) {
      return Offer.INCONSISTENT;
    }
    if (t.patches.putIfAbsent(p.patchIndex(), p) != null) {
      return Offer.DUPLICATE;
    }
    return t.patches.size() == t.first.patchCount() ? Offer.COMPLETED : Offer.ACCEPTED;
  }

  /** Removes a complete task and returns its patches in index order. */
  public List<PatchRecord> take(String taskId) {
    OpenTask t = open.remove(taskId);
    if (t == null) {
      return List.of();
    }
    return new ArrayList<>(t.patches.values());
  }

  /** Removes and returns the tasks whose deadline has passed, with what they miss. */
  public List<Expired> expire(long nowMs) {
    List<Expired> out = new ArrayList<>();
    for (Iterator<OpenTask> it = open.values().iterator(); it.hasNext(); ) {
      OpenTask t = it.next();
      if (nowMs - t.firstSeenMs >= deadlineMs) {
        it.remove();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < t.first.patchCount(); i++) {
          if (!t.patches.containsKey(i)) {
            missing.add(i);
          }
        }
        out.add(new Expired(t.first, Collections.unmodifiableList(missing), t.patches.size()));
      }
    }
    return out;
  }

  public int openTasks() {
    return open.size();
  }

  /** A task given up on: one of its patches (for ids and sizes), the missing indices. */
  public record Expired(PatchRecord sample, List<Integer> missing, int received) {}

  private static final class OpenTask {
    final PatchRecord first;
    final long firstSeenMs;
    final TreeMap<Integer, PatchRecord> patches = new TreeMap<>();

    OpenTask(PatchRecord first, long firstSeenMs) {
      this.first = first;
      this.firstSeenMs = firstSeenMs;
    }
  }
}
