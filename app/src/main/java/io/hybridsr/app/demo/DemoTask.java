package io.hybridsr.app.demo;

import io.hybridsr.core.task.Task;
import io.hybridsr.kafka.records.Outcome;

/** One demo task: what was sent, what the edge planned, what the device finished with. */
public final class DemoTask {
  public final Task task;
  public volatile Outcome planned;
  public volatile Outcome finished;

  /** When the load generator sent it, ms since the epoch. */
  public volatile long sentAtMs;

  /** When its final outcome was read, ms since the epoch. */
  public volatile long answeredAtMs;

  /** Final outcomes read beyond the first (a task must have exactly one). */
  public volatile int extraFinals;

  public DemoTask(Task task) {
    this.task = task;
  }

  public boolean done() {
    return finished != null;
  }

  /** Stage values T1..T6, T of an outcome's timings, or NaN where unknown. */
  static double[] stages(Outcome.Timings t) {
    if (t == null) {
      return new double[] {
        Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN
      };
    }
    return new double[] {
      v(t.t1()), v(t.t2()), v(t.t3()), v(t.t4()), v(t.t5()), v(t.t6()), v(t.total())
    };
  }

  private static double v(Double d) {
    return d == null ? Double.NaN : d;
  }
}
