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
 * Gathers a task's patches as they arrive, in any order and possibly twice, and says when the task
 * is complete or has waited past its deadline.
 *
 * <p>The edge delivers at least once: after a failure it may plan a task again and, if its window
 * came out differently, with another configuration. Patches are therefore grouped by the plan they
 * belong to (scale, steps, sizes, patch count); the first plan whose patches are all in makes the
 * image, and the others are dropped with it.
 */
public final class PatchAssembler {
  private final long deadlineMs;
  private final Map<String, OpenTask> open = new LinkedHashMap<>();

  /**
   * @param deadlineMs how long after its first patch a task may wait for the rest
   */
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
    /** Kept, and it completed one plan's set: take the task with {@link #take}. */
    COMPLETED,
    /** A patch the task already had (a re-delivery): ignored. */
    DUPLICATE,
    /** Contradicts an earlier patch of the same plan (another target size): ignored. */
    INCONSISTENT
  }

  public Offer offer(PatchRecord p, long nowMs) {
    OpenTask t = open.computeIfAbsent(p.taskId(), id -> new OpenTask(p, nowMs));
    if (p.targetWidth() != t.first.targetWidth() || p.targetHeight() != t.first.targetHeight()) {
      return Offer.INCONSISTENT;
    }
    TreeMap<Integer, PatchRecord> set = t.plans.computeIfAbsent(planKey(p), k -> new TreeMap<>());
    if (set.putIfAbsent(p.patchIndex(), p) != null) {
      return Offer.DUPLICATE;
    }
    if (set.size() == p.patchCount()) {
      t.completed = set;
      return Offer.COMPLETED;
    }
    return Offer.ACCEPTED;
  }

  /** Everything that must agree between patches of one plan of a task. */
  static String planKey(PatchRecord p) {
    return p.scale()
        + "/"
        + p.steps()
        + "/"
        + p.generationWidth()
        + "x"
        + p.generationHeight()
        + "/"
        + p.patchCount()
        + "/"
        + p.gridSize()
        + "/"
        + p.overlap();
  }

  /** Removes a complete task and returns the patches of its completed plan, in index order. */
  public List<PatchRecord> take(String taskId) {
    OpenTask t = open.remove(taskId);
    if (t == null || t.completed == null) {
      return List.of();
    }
    return new ArrayList<>(t.completed.values());
  }

  /** Removes and returns the tasks whose deadline has passed, with what they miss. */
  public List<Expired> expire(long nowMs) {
    List<Expired> out = new ArrayList<>();
    for (Iterator<OpenTask> it = open.values().iterator(); it.hasNext(); ) {
      OpenTask t = it.next();
      if (t.completed == null && nowMs - t.firstSeenMs >= deadlineMs) {
        it.remove();
        // Report against the plan that got furthest.
        TreeMap<Integer, PatchRecord> best =
            t.plans.values().stream()
                .max(java.util.Comparator.comparingInt(Map::size))
                .orElseThrow();
        PatchRecord sample = best.firstEntry().getValue();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < sample.patchCount(); i++) {
          if (!best.containsKey(i)) {
            missing.add(i);
          }
        }
        out.add(new Expired(sample, Collections.unmodifiableList(missing), best.size()));
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
    final Map<String, TreeMap<Integer, PatchRecord>> plans = new LinkedHashMap<>();
    TreeMap<Integer, PatchRecord> completed;

    OpenTask(PatchRecord first, long firstSeenMs) {
      this.first = first;
      this.firstSeenMs = firstSeenMs;
    }
  }
}
