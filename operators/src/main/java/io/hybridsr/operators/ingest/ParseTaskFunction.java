package io.hybridsr.operators.ingest;

import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.core.task.TaskValidationException;
import io.hybridsr.kafka.Topics;
import io.hybridsr.operators.kafka.DeadLetter;
import io.hybridsr.operators.kafka.RawRecord;
import io.hybridsr.operators.metrics.JobMetric;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses and validates each raw task record; a record that fails goes to the dead-letter side
 * output with its reason and field, and the job goes on.
 *
 * <p>Nothing thrown here may escape: an exception would restart the job and replay the same bad
 * record forever.
 */
public final class ParseTaskFunction extends ProcessFunction<RawRecord, ArrivedTask> {
  private static final long serialVersionUID = 1L;

  /** Where refused records go. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  private final int maxRecordBytes;
  private transient Counter tasksIn;
  private transient Counter deadLetters;

  /**
   * @param maxRecordBytes larger records are refused before parsing
   */
  public ParseTaskFunction(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public void open(OpenContext ctx) {
    tasksIn = getRuntimeContext().getMetricGroup().counter(JobMetric.TASKS_IN.metricName());
    deadLetters = getRuntimeContext().getMetricGroup().counter(JobMetric.DEAD_LETTERS.metricName());
  }

  @Override
  public void processElement(RawRecord r, Context ctx, Collector<ArrivedTask> out) {
    long now = System.currentTimeMillis();
    try {
      if (r.sizeBytes() > maxRecordBytes) {
        throw new TaskValidationException(
            "$", "record of " + r.sizeBytes() + " bytes exceeds the limit of " + maxRecordBytes);
      }
      Task task = TaskJson.parse(r.value);
      if (!Topics.isValidDeviceId(task.deviceId())) {
        throw new TaskValidationException(
            "deviceId", "must match [A-Za-z0-9_-]{1,200}: it names the device's Kafka topic");
      }
      tasksIn.inc();
      ArrivedTask a = new ArrivedTask(task, now, r.partition, r.offset);
      a.raw = r;
      out.collect(a);
    } catch (TaskValidationException e) {
      deadLetter(r, e.reason(), e.field(), now, ctx);
    } catch (RuntimeException e) {
      // A bug or an input no rule anticipated: still a dead letter, never a job restart.
      deadLetter(r, "unexpected error: " + e, "$", now, ctx);
    }
  }

  private void deadLetter(RawRecord r, String reason, String field, long now, Context ctx) {
    deadLetters.inc();
    ctx.output(DEAD_LETTERS, new DeadLetter(r, reason, field, now));
  }
}
