package io.hybridsr.core.stage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The work planned and not yet done, as predicted free times of the edge's GPU slots and of each
 * device, kept by the planner of one edge.
 *
 * <p>A slot serves one task at a time (generation, then its foreground's SR) in the order tasks
 * were planned; a device takes one task at a time (receiving its patches, upscaling, stitching).
 * {@link #plan} places a window's tasks in that order, so the k-th task of a window waits for the
 * work of earlier windows and of the first k - 1 tasks of its own. Measured completions ({@link
 * #edgeDone}, {@link #deviceDone}) shift what was predicted behind them, so errors do not pile up.
 * Plain public fields: Flink keeps it in checkpointed keyed state.
 */
public final class Backlog implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** Predicted free time of each edge slot, ms since the epoch. */
  public long[] slotFreeMs = new long[0];

  /** Predicted free time of each device, ms since the epoch. */
  public HashMap<String, Long> deviceFreeMs = new HashMap<>();

  /** Tasks planned and not yet finished, by task id. */
  public HashMap<String, Pending> pending = new HashMap<>();

  public Backlog() {}

  /** One planned task's predicted timeline. */
  public static final class Pending implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    public int slot;
    public String deviceId;
    public long edgeEndMs;
    public long deviceEndMs;
    public boolean edgeMeasured;

    /** The device stages' units, as planned (device measurements are learned against them). */
    public StageWork work;

    /**
     * When the edge slot was planned to start on it and when its device was planned to start
     * computing (after the patches arrived: receiving takes no CPU), ms since the epoch.
     */
    public long edgeStartMs;

    public long deviceComputeStartMs;

    /**
     * How long its device SR is planned to compute from {@link #deviceComputeStartMs}, contention
     * included (0 without device SR), ms: it grows when later tasks are planned to compute beside
     * it.
     */
    public long deviceSrMs;

    /**
     * Co-located runners planned computing beside its edge work and its device work, each counted
     * by the share of that work's planned time it overlaps (see {@link Contention}).
     */
    public double edgeOverlap;

    public double deviceOverlap;

    /** How long the task waited in its window before it was planned, ms. */
    public long windowWaitMs;

    /** The task's T as predicted at planning, seconds (0 before it is planned). */
    public double predictedTotalSeconds;

    /**
     * How far {@link #catchUp} has moved its device end because it had not reported by then, ms:
     * its end as planned is {@code deviceEndMs - deviceCatchUpMs}.
     */
    public long deviceCatchUpMs;

    public Pending() {}
  }

  /** Where one task stands in the queue, as planned, with the service times it was planned with. */
  public record Placement(
      double edgeWaitSeconds,
      double deviceWaitSeconds,
      io.hybridsr.core.latency.LatencyBreakdown predicted,
      ServiceTimes services) {}

  /**
   * How much slower a stage runs with {@code overlap} other runners computing beside it on the same
   * CPUs, relative to its prediction alone (1 when unknown). {@code overlap} sums, over the others,
   * the share of the stage's planned time each is planned to compute: 1 is one other runner all
   * along, 0.5 one other half the time or two a quarter each.
   *
   * <p>Why: where the edge and devices share CPUs (the demo runs them all on one machine), a
   * runner's time depends on how much of it others compete with: measured on 2 cores, the same
   * generation took 1.0 to 2.3 times its CPU time. The plan knows who it has made busy when.
   */
  @FunctionalInterface
  public interface Contention {
    /** No co-located runners: every factor is 1. */
    Contention NONE = (stage, deviceId, overlap) -> 1;

    double factor(Stage stage, String deviceId, double overlap);

    /** The stages it scales: the networks' runs (links take no CPU, stitching is short). */
    static boolean scales(Stage stage) {
      return stage == Stage.GENERATION || stage == Stage.EDGE_SR || stage == Stage.DEVICE_SR;
    }
  }

  /** Sets the number of edge slots (on first use or when the job's setting changes). */
  public void ensureSlots(int slots, long nowMs) {
    if (slotFreeMs.length != slots) {
      long[] s = new long[slots];
      java.util.Arrays.fill(s, nowMs);
      slotFreeMs = s;
    }
  }

  /** Seconds from {@code nowMs} until the first edge slot is free. */
  public double edgeWaitSeconds(long nowMs) {
    long min = Long.MAX_VALUE;
    for (long f : slotFreeMs) {
      min = Math.min(min, f);
    }
    return slotFreeMs.length == 0 ? 0 : Math.max(0, min - nowMs) / 1e3;
  }

  /** Seconds of edge work planned and not done, summed over the slots. */
  public double edgeBacklogSeconds(long nowMs) {
    double s = 0;
    for (long f : slotFreeMs) {
      s += Math.max(0, f - nowMs) / 1e3;
    }
    return s;
  }

  /** Seconds from {@code nowMs} until each known device is free (busy ones only). */
  public Map<String, Double> deviceWaitSeconds(long nowMs) {
    Map<String, Double> m = new HashMap<>();
    deviceFreeMs.forEach(
        (d, f) -> {
          if (f > nowMs) {
            m.put(d, (f - nowMs) / 1e3);
          }
        });
    return m;
  }

  /**
   * Places tasks in order at {@code nowMs}: each takes the slot that frees first, then its device.
   * Returns each task's waits and predicted T1..T6, T (from {@code nowMs}).
   */
  public List<Placement> plan(
      List<String> taskIds, List<String> deviceIds, List<ServiceTimes> services, long nowMs) {
    return plan(taskIds, deviceIds, services, nowMs, Colocation.APART, 1, Contention.NONE);
  }

  /**
   * {@link #plan(List, List, List, long)} for runners that share CPUs as {@code where} says: each
   * task's edge and device SR times are scaled by {@code contention} at the overlap of the other
   * runners planned to compute beside them (kept for learning; a device receiving patches is not
   * computing). {@code cores} is how many CPUs they share: a runner is slowed only by the others
   * beyond the cores left free (on 2 cores, a device's SR beside the edge's generation alone has a
   * core of its own; beside the generation and the other device's SR it shares one).
   */
  public List<Placement> plan(
      List<String> taskIds,
      List<String> deviceIds,
      List<ServiceTimes> services,
      long nowMs,
      Colocation where,
      int cores,
      Contention contention) {
    if (cores < 1) {
      throw new IllegalArgumentException("cores must be >= 1, got " + cores);
    }
    boolean shared = where != null && where.contends() && contention != null;
    List<Placement> out = new ArrayList<>(taskIds.size());
    for (int k = 0; k < taskIds.size(); k++) {
      ServiceTimes s = services.get(k);
      String d = deviceIds.get(k);
      int slot = 0;
      for (int i = 1; i < slotFreeMs.length; i++) {
        if (slotFreeMs[i] < slotFreeMs[slot]) {
          slot = i;
        }
      }
      long start = Math.max(nowMs, slotFreeMs.length == 0 ? nowMs : slotFreeMs[slot]);
      int chosenSlot = slot;
      double edgeOverlap = 0;
      if (shared && s.edge() > 0) {
        ServiceTimes alone = s;
        edgeOverlap =
            settle(
                alone.edge(),
                edge ->
                    overlap(
                        start,
                        start + edge,
                        null,
                        chosenSlot,
                        true,
                        where.edgeSlowedByDevices(),
                        cores),
                o -> scaled(alone, contention, d, o, 0).edge());
        s = scaled(s, contention, d, edgeOverlap, 0);
      }
      long edgeEnd = start + Math.round(s.edge() * 1000);
      if (slotFreeMs.length > 0) {
        slotFreeMs[slot] = edgeEnd;
      }
      long devStart = Math.max(edgeEnd, deviceFreeMs.getOrDefault(d, nowMs));
      long computeStart = devStart + Math.round((s.linkFg() + s.linkBg()) * 1000);
      double deviceOverlap = 0;
      if (shared && s.deviceSr() > 0) {
        ServiceTimes alone = s;
        deviceOverlap =
            settle(
                alone.deviceSr(),
                t ->
                    overlap(
                        computeStart,
                        computeStart + t,
                        d,
                        -1,
                        where.deviceSlowedByEdge(),
                        true,
                        cores),
                o -> scaled(alone, contention, d, 0, o).deviceSr());
        s = scaled(s, contention, d, 0, deviceOverlap);
      }
      long devEnd = devStart + Math.round(s.device() * 1000);
      deviceFreeMs.put(d, devEnd);
      Pending p = new Pending();
      p.deviceSrMs = Math.round(s.deviceSr() * 1000);
      p.slot = slot;
      p.deviceId = d;
      p.edgeEndMs = edgeEnd;
      p.deviceEndMs = devEnd;
      p.edgeStartMs = start;
      p.deviceComputeStartMs = computeStart;
      p.edgeOverlap = edgeOverlap;
      p.deviceOverlap = deviceOverlap;
      pending.put(taskIds.get(k), p);
      long linkMs = computeStart - devStart;
      if (shared) {
        // the work it slows ahead of it on its own slot or device delays it too
        slowDownOthers(p, where, cores, contention);
        long late = p.edgeEndMs - (p.deviceComputeStartMs - linkMs);
        if (late > 0) {
          p.deviceComputeStartMs += late;
          shiftDevice(d, p, late);
        }
      }
      double edgeWait = (p.edgeStartMs - nowMs) / 1e3;
      double deviceWait = (p.deviceComputeStartMs - linkMs - p.edgeEndMs) / 1e3;
      out.add(
          new Placement(
              edgeWait, deviceWait, StageLatencyModel.compose(edgeWait, s, deviceWait), s));
    }
    return out;
  }

  /**
   * The work planned before {@code p} that {@code p} is now planned to compute beside runs slower
   * for it: each such stage's overlap is counted again with {@code p} in the plan, its planned time
   * grows by the ratio of its contention factors, and what was planned behind it on its device or
   * slot moves by as much. Without this, contention went only one way: a task was slowed by the
   * work planned before it but never slowed that work, so under a steady stream every device's
   * queue was planned shorter than it ran (in the demo's overload run, the first 20 tasks' device
   * wait by 15-25 s).
   */
  private void slowDownOthers(Pending p, Colocation where, int cores, Contention contention) {
    for (Pending q : pending.values()) {
      if (q == p) {
        continue;
      }
      // p's own plan moves when work ahead of it is slowed: read it afresh each time
      long pComputeEnd = p.deviceComputeStartMs + p.deviceSrMs;
      if (q.deviceSrMs > 0) {
        long qa = q.deviceComputeStartMs;
        long qb = qa + q.deviceSrMs;
        boolean touched =
            (where.deviceSlowedByEdge() && intersection(qa, qb, p.edgeStartMs, p.edgeEndMs) > 0)
                || (!q.deviceId.equals(p.deviceId)
                    && intersection(qa, qb, p.deviceComputeStartMs, pComputeEnd) > 0);
        double now =
            touched ? overlap(qa, qb, q.deviceId, -1, where.deviceSlowedByEdge(), true, cores) : 0;
        if (now > q.deviceOverlap) {
          double before = contention.factor(Stage.DEVICE_SR, q.deviceId, q.deviceOverlap);
          q.deviceOverlap = now;
          double after = contention.factor(Stage.DEVICE_SR, q.deviceId, q.deviceOverlap);
          long delta = Math.round(q.deviceSrMs * (after / before - 1));
          if (delta > 0) {
            q.deviceSrMs += delta;
            shiftDevice(q.deviceId, q, delta);
          }
        }
      }
      if (!q.edgeMeasured && q.edgeEndMs > q.edgeStartMs) {
        boolean touched =
            (q.slot != p.slot
                    && intersection(q.edgeStartMs, q.edgeEndMs, p.edgeStartMs, p.edgeEndMs) > 0)
                || (where.edgeSlowedByDevices()
                    && intersection(q.edgeStartMs, q.edgeEndMs, p.deviceComputeStartMs, pComputeEnd)
                        > 0);
        double now =
            touched
                ? overlap(
                    q.edgeStartMs,
                    q.edgeEndMs,
                    null,
                    q.slot,
                    true,
                    where.edgeSlowedByDevices(),
                    cores)
                : 0;
        if (now > q.edgeOverlap) {
          double before = contention.factor(Stage.GENERATION, q.deviceId, q.edgeOverlap);
          q.edgeOverlap = now;
          double after = contention.factor(Stage.GENERATION, q.deviceId, q.edgeOverlap);
          long delta = Math.round((q.edgeEndMs - q.edgeStartMs) * (after / before - 1));
          if (delta > 0) {
            shiftSlot(q, delta);
          }
        }
      }
    }
  }

  /**
   * {@code first}'s device work ends {@code delta} ms later, and the work planned behind it on its
   * device starts and ends that much later.
   */
  private void shiftDevice(String deviceId, Pending first, long delta) {
    long from = first.deviceEndMs;
    for (Pending q : pending.values()) {
      if (q != first && q.deviceId.equals(deviceId) && q.deviceEndMs > from) {
        q.deviceEndMs += delta;
        q.deviceComputeStartMs += delta;
      }
    }
    first.deviceEndMs += delta;
    deviceFreeMs.computeIfPresent(deviceId, (d, f) -> f + delta);
  }

  /**
   * {@code first}'s edge work ends {@code delta} ms later, and the work planned behind it on its
   * slot starts and ends that much later (their devices' plans are left: a measured end moves
   * them).
   */
  private void shiftSlot(Pending first, long delta) {
    for (Pending q : pending.values()) {
      if (q != first && q.slot == first.slot && !q.edgeMeasured && q.edgeEndMs > first.edgeEndMs) {
        q.edgeEndMs += delta;
        q.edgeStartMs += delta;
      }
    }
    first.edgeEndMs += delta;
    if (first.slot < slotFreeMs.length) {
      slotFreeMs[first.slot] += delta;
    }
  }

  /**
   * {@code s} with its edge stages slowed at {@code edgeOverlap} and its device SR at {@code
   * deviceOverlap} (an overlap of 0 leaves a stage as it is).
   */
  private static ServiceTimes scaled(
      ServiceTimes s, Contention c, String deviceId, double edgeOverlap, double deviceOverlap) {
    return new ServiceTimes(
        edgeOverlap > 0
            ? s.generation() * c.factor(Stage.GENERATION, deviceId, edgeOverlap)
            : s.generation(),
        edgeOverlap > 0 ? s.edgeSr() * c.factor(Stage.EDGE_SR, deviceId, edgeOverlap) : s.edgeSr(),
        s.linkFg(),
        s.linkBg(),
        deviceOverlap > 0
            ? s.deviceSr() * c.factor(Stage.DEVICE_SR, deviceId, deviceOverlap)
            : s.deviceSr(),
        s.stitch());
  }

  /**
   * The overlap a stage of {@code aloneSeconds} settles at: how long it takes depends on the
   * overlap, and the overlap on how long it takes (stretched, it reaches more of the others'
   * planned work). Averaged rounds of {@code seconds(overlap(ms))} converge where plain ones swing.
   */
  private static double settle(
      double aloneSeconds,
      java.util.function.LongToDoubleFunction overlapOver,
      java.util.function.DoubleUnaryOperator seconds) {
    double t = aloneSeconds;
    for (int round = 0; round < 8; round++) {
      t = (t + seconds.applyAsDouble(overlapOver.applyAsDouble(Math.round(t * 1000)))) / 2;
    }
    return overlapOver.applyAsDouble(Math.round(t * 1000));
  }

  /**
   * Other runners planned computing during {@code [fromMs, toMs)} beyond the {@code cores - 1}
   * cores the stage leaves free, averaged over it: edge slots but {@code exceptSlot} (if {@code
   * slots}), devices but {@code exceptDevice} (if {@code devices}). On one core it is the sum of
   * the shares of the stage each other runner overlaps; on two, one other runner slows nobody, two
   * count as one while both compute.
   */
  private double overlap(
      long fromMs,
      long toMs,
      String exceptDevice,
      int exceptSlot,
      boolean slots,
      boolean devices,
      int cores) {
    if (toMs <= fromMs) {
      return 0;
    }
    // event times * 2, + 1 for a start: sorted, an end and a start at one instant are a no-op
    long[] events = new long[4 * pending.size()];
    int n = 0;
    for (Pending q : pending.values()) {
      if (devices && !q.deviceId.equals(exceptDevice)) {
        n = clip(events, n, fromMs, toMs, q.deviceComputeStartMs, q.deviceEndMs);
      }
      if (slots && q.slot != exceptSlot) {
        n = clip(events, n, fromMs, toMs, q.edgeStartMs, q.edgeEndMs);
      }
    }
    java.util.Arrays.sort(events, 0, n);
    long sum = 0;
    long prev = fromMs;
    int busy = 0;
    for (int i = 0; i < n; i++) {
      long t = events[i] >> 1;
      sum += Math.max(0, busy - (cores - 1)) * (t - prev);
      busy += (events[i] & 1) == 1 ? 1 : -1;
      prev = t;
    }
    return sum / (double) (toMs - fromMs);
  }

  /** Adds {@code [b0, b1)} clipped to {@code [a0, a1)} as a start and an end event, if any. */
  private static int clip(long[] events, int n, long a0, long a1, long b0, long b1) {
    long s = Math.max(a0, b0);
    long e = Math.min(a1, b1);
    if (e > s) {
      events[n++] = s * 2 + 1;
      events[n++] = e * 2;
    }
    return n;
  }

  private static long intersection(long a0, long a1, long b0, long b1) {
    return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  }

  /** A task's edge work ended at {@code endMs}: what was planned after it on its slot moves too. */
  public void edgeDone(String taskId, long endMs) {
    Pending p = pending.get(taskId);
    if (p == null || p.edgeMeasured) {
      return;
    }
    p.edgeMeasured = true;
    shiftSlot(p, endMs - p.edgeEndMs);
  }

  /** A task is finished (stitched at {@code endMs}, or failed): its device's later work moves. */
  public void deviceDone(String taskId, long endMs) {
    Pending p = pending.remove(taskId);
    if (p == null) {
      return;
    }
    if (!p.edgeMeasured) {
      edgeDone(taskId, Math.min(endMs, p.edgeEndMs));
    }
    shiftDevice(p.deviceId, p, endMs - p.deviceEndMs);
  }

  /**
   * Work that should have ended by {@code nowMs} and has not reported is still running, so it and
   * what was planned behind it on its slot or device move later. Without this a runner slower than
   * predicted looks free while it is busy, and admission lets in tasks that cannot meet L0 (a
   * measured end later moves everything back by its own delta). Edge work ends no earlier than now
   * (its end is reported within a second or two). Device work that has run X past its planned end
   * is taken to need X more: it reports only when the task is stitched, and under overload the
   * first tasks' device work took 3x its plan, which "ends now" hid for tens of seconds while tasks
   * were admitted behind it.
   */
  public void catchUp(long nowMs) {
    for (int slot = 0; slot < slotFreeMs.length; slot++) {
      Pending first = null;
      for (Pending q : pending.values()) {
        if (q.slot == slot && !q.edgeMeasured && (first == null || q.edgeEndMs < first.edgeEndMs)) {
          first = q;
        }
      }
      if (first != null && first.edgeEndMs < nowMs) {
        shiftSlot(first, nowMs - first.edgeEndMs);
        slotFreeMs[slot] = Math.max(slotFreeMs[slot], nowMs);
      }
    }
    Map<String, Pending> firstByDevice = new HashMap<>();
    for (Pending q : pending.values()) {
      firstByDevice.merge(q.deviceId, q, (a, b) -> a.deviceEndMs <= b.deviceEndMs ? a : b);
    }
    firstByDevice.forEach(
        (device, first) -> {
          long plannedEnd = first.deviceEndMs - first.deviceCatchUpMs;
          long expectedEnd = nowMs + (nowMs - plannedEnd);
          if (plannedEnd < nowMs && expectedEnd > first.deviceEndMs) {
            long delta = expectedEnd - first.deviceEndMs;
            shiftDevice(device, first, delta);
            first.deviceCatchUpMs += delta;
            deviceFreeMs.compute(
                device, (d, f) -> Math.max(f == null ? expectedEnd : f, expectedEnd));
          }
        });
  }

  /** Forgets tasks planned long ago that never reported (lost, or failed without a word). */
  public void expire(long olderThanMs) {
    for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue().deviceEndMs < olderThanMs) {
        it.remove();
      }
    }
    deviceFreeMs.values().removeIf(f -> f < olderThanMs);
  }
}
