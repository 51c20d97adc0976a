package io.hybridsr.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.app.fuzz.FuzzRun;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 10,000 bad records of every kind among 1,000 good ones: nothing lost, nothing doubled. */
class FuzzITCase {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  @Test
  void shouldDeadLetterEveryBadRecordAndAnswerEveryGoodOneWithoutARestart() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    FuzzRun.Report r = new FuzzRun().run(10_000, 1_000, 3, env, n -> {});
    assertEquals(11_000, r.sent());
    assertTrue(r.jobRunning(), "the job never failed (restarts were disallowed): " + r.line());
    assertEquals(10_000, r.deadLettered(), r.line());
    assertEquals(1_000, r.answered(), r.line());
    assertEquals(0, r.lost(), r.line());
    assertEquals(0, r.duplicates(), r.line());
    assertEquals(0, r.misrouted(), "no good record dead-lettered");
    assertTrue(r.jobRunning(), "the job never failed (restarts were disallowed)");
    assertEquals(20, r.badByKind().size(), "every kind of bad input was tried: " + r.badByKind());
    r.sampleReasons().values().forEach(reason -> assertTrue(reason.length() > 10, reason));
  }
}
