package io.hybridsr.operators.kafka;

import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.Measurement;
import io.hybridsr.operators.metrics.JobMetric;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Reads the job's own measurements back from Kafka. Only the job writes that topic (ACLs), so a
 * record that does not parse is a bug or a foreign writer: it is counted ({@code
 * malformedMeasurements}) and skipped, never allowed to stop planning.
 */
public final class ParseMeasurementFunction extends RichFlatMapFunction<RawRecord, Measurement> {
  private static final long serialVersionUID = 1L;
  private transient Counter malformed;

  @Override
  public void open(OpenContext ctx) {
    malformed =
        getRuntimeContext().getMetricGroup().counter(JobMetric.MALFORMED_MEASUREMENTS.metricName());
  }

  @Override
  public void flatMap(RawRecord r, Collector<Measurement> out) {
    try {
      Measurement m = JsonCodec.fromBytes(r.value, Measurement.class);
      if (m.edgeId() != null && m.taskId() != null && m.stage() != null) {
        out.collect(m);
        return;
      }
    } catch (RuntimeException e) {
      // counted below
    }
    malformed.inc();
  }
}
