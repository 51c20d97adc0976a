package io.hybridsr.operators.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.flink.api.common.state.State;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.GlobalWindow;
import org.junit.jupiter.api.Test;

class CountOrTimeoutTriggerTest {

  /** A trigger context with a settable clock, in-memory value state and a timer set. */
  static final class FakeContext implements Trigger.TriggerContext {
    long now;
    final TreeSet<Long> timers = new TreeSet<>();
    final Map<String, Object> values = new HashMap<>();

    @Override
    public long getCurrentProcessingTime() {
      return now;
    }

    @Override
    public MetricGroup getMetricGroup() {
      throw new UnsupportedOperationException();
    }

    @Override
    public long getCurrentWatermark() {
      return Long.MIN_VALUE;
    }

    @Override
    public void registerProcessingTimeTimer(long time) {
      timers.add(time);
    }

    @Override
    public void registerEventTimeTimer(long time) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void deleteProcessingTimeTimer(long time) {
      timers.remove(time);
    }

    @Override
    public void deleteEventTimeTimer(long time) {}

    @Override
    @SuppressWarnings("unchecked")
    public <S extends State> S getPartitionedState(StateDescriptor<S, ?> d) {
      String name = d.getName();
      ValueState<Object> s =
          new ValueState<>() {
            @Override
            public Object value() {
              return values.get(name);
            }

            @Override
            public void update(Object v) {
              values.put(name, v);
            }

            @Override
            public void clear() {
              values.remove(name);
            }
          };
      return (S) s;
    }
  }

  private final GlobalWindow w = GlobalWindow.get();

  @Test
  void shouldFireAndPurgeWhenTheBatchIsFull() throws Exception {
    CountOrTimeoutTrigger<String> t = CountOrTimeoutTrigger.of(3, Duration.ofMillis(100));
    FakeContext ctx = new FakeContext();
    assertEquals(TriggerResult.CONTINUE, t.onElement("a", 0, w, ctx));
    assertEquals(TriggerResult.CONTINUE, t.onElement("b", 0, w, ctx));
    assertEquals(TriggerResult.FIRE_AND_PURGE, t.onElement("c", 0, w, ctx));
    assertTrue(ctx.timers.isEmpty(), "the timeout of a batch fired on count is cancelled");
    assertTrue(ctx.values.isEmpty(), "state is cleared for the next batch");
  }

  @Test
  void shouldFireALoneElementAfterTheMaximumWait() throws Exception {
    CountOrTimeoutTrigger<String> t = CountOrTimeoutTrigger.of(10, Duration.ofMillis(100));
    FakeContext ctx = new FakeContext();
    ctx.now = 1_000;
    assertEquals(TriggerResult.CONTINUE, t.onElement("a", 0, w, ctx));
    ctx.now = 1_050;
    assertEquals(TriggerResult.CONTINUE, t.onElement("b", 0, w, ctx));
    assertEquals(1, ctx.timers.size());
    assertEquals(1_100L, ctx.timers.first(), "the wait counts from the first element");
    assertEquals(TriggerResult.FIRE_AND_PURGE, t.onProcessingTime(1_100, w, ctx));
    assertTrue(ctx.values.isEmpty());
  }

  @Test
  void shouldIgnoreAStaleTimerFromABatchThatAlreadyFired() throws Exception {
    CountOrTimeoutTrigger<String> t = CountOrTimeoutTrigger.of(2, Duration.ofMillis(100));
    FakeContext ctx = new FakeContext();
    t.onElement("a", 0, w, ctx);
    t.onElement("b", 0, w, ctx);
    ctx.now = 20;
    t.onElement("c", 0, w, ctx);
    assertEquals(TriggerResult.CONTINUE, t.onProcessingTime(100, w, ctx));
    assertEquals(TriggerResult.FIRE_AND_PURGE, t.onProcessingTime(120, w, ctx));
  }

  @Test
  void shouldRefuseNonsenseSettings() {
    assertThrows(
        IllegalArgumentException.class, () -> CountOrTimeoutTrigger.of(0, Duration.ofMillis(5)));
    assertThrows(IllegalArgumentException.class, () -> CountOrTimeoutTrigger.of(3, Duration.ZERO));
  }
}
