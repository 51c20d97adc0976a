package io.hybridsr.operators.window;

import java.time.Duration;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.GlobalWindow;

/**
 * Fires a window when {@code maxCount} elements have arrived or {@code maxWait} has passed since
 * the first of them, whichever comes first, and purges it.
 *
 * <p>Like a dynamic batcher's max queue delay: a full batch goes at once, a lone user is held back
 * at most {@code maxWait}. Processing time, because the wait is a promise to users.
 */
public final class CountOrTimeoutTrigger<T> extends Trigger<T, GlobalWindow> {
  private static final long serialVersionUID = 1L;

  private final int maxCount;
  private final long maxWaitMs;
  private final ValueStateDescriptor<Integer> countDesc =
      new ValueStateDescriptor<>("batch-count", Types.INT);
  private final ValueStateDescriptor<Long> deadlineDesc =
      new ValueStateDescriptor<>("batch-deadline", Types.LONG);

  private CountOrTimeoutTrigger(int maxCount, Duration maxWait) {
    if (maxCount < 1) {
      throw new IllegalArgumentException("maxCount must be >= 1, got " + maxCount);
    }
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("maxWait must be positive, got " + maxWait);
    }
    this.maxCount = maxCount;
    this.maxWaitMs = maxWait.toMillis();
  }

  public static <T> CountOrTimeoutTrigger<T> of(int maxCount, Duration maxWait) {
    return new CountOrTimeoutTrigger<>(maxCount, maxWait);
  }

  @Override
  public TriggerResult onElement(T element, long ts, GlobalWindow w, TriggerContext ctx)
      throws Exception {
    ValueState<Integer> count = ctx.getPartitionedState(countDesc);
    ValueState<Long> deadline = ctx.getPartitionedState(deadlineDesc);
    int n = count.value() == null ? 1 : count.value() + 1;
    if (n >= maxCount) {
      clear(w, ctx);
      return TriggerResult.FIRE_AND_PURGE;
    }
    count.update(n);
    if (deadline.value() == null) {
      long at = ctx.getCurrentProcessingTime() + maxWaitMs;
      deadline.update(at);
      ctx.registerProcessingTimeTimer(at);
    }
    return TriggerResult.CONTINUE;
  }

  @Override
  public TriggerResult onProcessingTime(long time, GlobalWindow w, TriggerContext ctx)
      throws Exception {
    Long deadline = ctx.getPartitionedState(deadlineDesc).value();
    // A timer of a batch that already fired on count may still arrive: ignore it.
    if (deadline == null || deadline != time) {
      return TriggerResult.CONTINUE;
    }
    clear(w, ctx);
    return TriggerResult.FIRE_AND_PURGE;
  }

  @Override
  public TriggerResult onEventTime(long time, GlobalWindow w, TriggerContext ctx) {
    return TriggerResult.CONTINUE;
  }

  @Override
  public void clear(GlobalWindow w, TriggerContext ctx) throws Exception {
    ValueState<Long> deadline = ctx.getPartitionedState(deadlineDesc);
    if (deadline.value() != null) {
      ctx.deleteProcessingTimeTimer(deadline.value());
    }
    deadline.clear();
    ctx.getPartitionedState(countDesc).clear();
  }

  @Override
  public String toString() {
    return "CountOrTimeoutTrigger(" + maxCount + ", " + maxWaitMs + " ms)";
  }
}
