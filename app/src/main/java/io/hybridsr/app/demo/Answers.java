package io.hybridsr.app.demo;

import io.hybridsr.kafka.records.Outcome;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What every task got: one final outcome each (none lost, none twice), how fast the refused ones
 * were answered, and the measured latency of the admitted ones against L0.
 *
 * @param completed tasks COMPLETED
 * @param rejected tasks REJECTED at admission
 * @param failed tasks FAILED or INCOMPLETE
 * @param lost tasks with no final outcome
 * @param duplicates final outcomes beyond one per task
 * @param maxRejectAnswerSeconds longest time from sending a rejected task to its answer
 * @param p95Seconds 95th percentile of the measured T of completed tasks
 * @param l0 the latency bound they are compared with
 */
public record Answers(
    int completed,
    int rejected,
    int failed,
    int lost,
    int duplicates,
    double maxRejectAnswerSeconds,
    double p95Seconds,
    double l0) {

  public static Answers of(List<DemoTask> tasks, double l0) {
    int completed = 0;
    int rejected = 0;
    int failed = 0;
    int lost = 0;
    int dup = 0;
    double maxReject = 0;
    double[] t =
        tasks.stream()
            .filter(
                x ->
                    x.finished != null
                        && x.finished.status() == Outcome.Status.COMPLETED
                        && x.finished.measured() != null
                        && x.finished.measured().total() != null)
            .mapToDouble(x -> x.finished.measured().total())
            .sorted()
            .toArray();
    for (DemoTask x : tasks) {
      dup += x.extraFinals;
      if (x.finished == null) {
        lost++;
      } else if (x.finished.status() == Outcome.Status.COMPLETED) {
        completed++;
      } else if (x.finished.status() == Outcome.Status.REJECTED) {
        rejected++;
        if (x.sentAtMs > 0) {
          maxReject = Math.max(maxReject, (x.answeredAtMs - x.sentAtMs) / 1e3);
        }
      } else {
        failed++;
      }
    }
    return new Answers(
        completed, rejected, failed, lost, dup, maxReject, PredictionErrors.quantile(t, 0.95), l0);
  }

  public String describe() {
    return String.format(
        Locale.ROOT,
        "answers: %d completed, %d rejected (answered within %.2f s of"
            + " sending), %d failed, lost %d, duplicates %d; measured T of completed tasks: p95 %.1f s"
            + " (L0 = %.0f s)",
        completed,
        rejected,
        maxRejectAnswerSeconds,
        failed,
        lost,
        duplicates,
        p95Seconds,
        l0);
  }

  /** One device's tasks in order: configuration and the link's and T's prediction errors. */
  public static void printDevice(
      List<DemoTask> tasks, String device, int slowAfter, double factor, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "device %s (its link %.1fx slower from task %d):%n",
        device,
        factor,
        slowAfter + 1);
    out.printf(
        Locale.ROOT,
        "  %-10s %5s %4s %9s %9s %9s%n",
        "task",
        "S",
        "D",
        "T5 err",
        "T4 err",
        "T err");
    for (int i = 0; i < tasks.size(); i++) {
      DemoTask t = tasks.get(i);
      if (!device.equals(t.task.deviceId())
          || t.planned == null
          || t.finished == null
          || t.finished.measured() == null
          || t.planned.predicted() == null) {
        continue;
      }
      Outcome.Timings p = t.planned.predicted();
      Outcome.Timings m = t.finished.measured();
      out.printf(
          Locale.ROOT,
          "  %-10s %5s %4s %9s %9s %9s%s%n",
          t.task.taskId(),
          t.planned.scale(),
          t.planned.steps(),
          err(p.t5(), m.t5()),
          err(p.t4(), m.t4()),
          err(p.total(), m.total()),
          i == slowAfter ? "   <- slowed from here" : "");
    }
    out.println(
        "configurations chosen, S per task in order of sending (| marks the slowdown;"
            + " the other devices are the control):");
    printConfigurations(tasks, device, true, slowAfter, out);
    printConfigurations(tasks, device, false, slowAfter, out);
  }

  /** The S chosen for each target size, before and after the slowdown, and the mean D. */
  private static void printConfigurations(
      List<DemoTask> tasks, String device, boolean slowed, int slowAfter, PrintStream out) {
    java.util.Map<String, StringBuilder> bySize =
        new java.util.TreeMap<>(
            java.util.Comparator.comparingInt(
                    (String k) -> {
                      String[] wh = k.split("x");
                      return Integer.parseInt(wh[0]) * Integer.parseInt(wh[1]);
                    })
                .thenComparing(k -> k));
    java.util.Map<String, Boolean> marked = new java.util.HashMap<>();
    double[] steps = new double[2];
    int[] n = new int[2];
    for (int i = 0; i < tasks.size(); i++) {
      DemoTask t = tasks.get(i);
      if (device.equals(t.task.deviceId()) != slowed
          || t.planned == null
          || t.planned.scale() == null
          || t.planned.steps() == null) {
        continue;
      }
      String size = t.task.targetWidth() + "x" + t.task.targetHeight();
      StringBuilder b = bySize.computeIfAbsent(size, k -> new StringBuilder());
      int after = i >= slowAfter ? 1 : 0;
      if (after == 1 && !marked.getOrDefault(size, false)) {
        b.append(" |");
        marked.put(size, true);
      }
      b.append(' ').append(t.planned.scale());
      steps[after] += t.planned.steps();
      n[after]++;
    }
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "  %-20s", slowed ? device + " (slowed)" : "other devices"));
    bySize.forEach((size, b) -> line.append("  ").append(size).append(":").append(b));
    line.append(
        String.format(
            Locale.ROOT,
            "   mean D %.0f | %.0f",
            n[0] == 0 ? 0 : steps[0] / n[0],
            n[1] == 0 ? 0 : steps[1] / n[1]));
    out.println(line);
  }

  private static String err(Double p, Double m) {
    if (p == null || m == null || !(p > 0.05)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f%%", 100 * Math.abs(m - p) / p);
  }
}
