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
        "configurations chosen before / after the slowdown (the other devices as the control):");
    printConfigurations(tasks, device, true, slowAfter, out);
    printConfigurations(tasks, device, false, slowAfter, out);
  }

  /**
   * S and D chosen for the slowed device's tasks (or the others'), before and after the slowdown.
   */
  private static void printConfigurations(
      List<DemoTask> tasks, String device, boolean slowed, int slowAfter, PrintStream out) {
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "  %-22s", slowed ? device + " (slowed)" : "other devices"));
    for (boolean after : new boolean[] {false, true}) {
      int n = 0;
      int[] byScale = new int[5];
      double steps = 0;
      double t5 = 0;
      for (int i = 0; i < tasks.size(); i++) {
        DemoTask t = tasks.get(i);
        if (device.equals(t.task.deviceId()) != slowed
            || (i >= slowAfter) != after
            || t.planned == null
            || t.planned.scale() == null
            || t.planned.steps() == null) {
          continue;
        }
        n++;
        byScale[Math.min(4, Math.max(1, t.planned.scale()))]++;
        steps += t.planned.steps();
        Outcome.Timings p = t.planned.predicted();
        t5 += p == null || p.t5() == null ? 0 : p.t5();
      }
      line.append(
          String.format(
              Locale.ROOT,
              "  %s n=%d: S=1/2/3/4 %d/%d/%d/%d, mean D %.0f, mean predicted T5 %.1f s",
              after ? "| after" : "before",
              n,
              byScale[1],
              byScale[2],
              byScale[3],
              byScale[4],
              n == 0 ? 0 : steps / n,
              n == 0 ? 0 : t5 / n));
    }
    out.println(line);
  }

  private static String err(Double p, Double m) {
    if (p == null || m == null || !(p > 0.05)) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f%%", 100 * Math.abs(m - p) / p);
  }
}
