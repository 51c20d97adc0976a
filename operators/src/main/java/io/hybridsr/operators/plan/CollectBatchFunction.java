package io.hybridsr.operators.plan;

import io.hybridsr.operators.ingest.ArrivedTask;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.GlobalWindow;
import org.apache.flink.util.Collector;

/**
 * Emits one edge's window of concurrent tasks as a batch for {@link PlanBatchFunction}, which
 * schedules them together with what it has learned and queued.
 */
public final class CollectBatchFunction
    extends ProcessWindowFunction<ArrivedTask, TaskBatch, String, GlobalWindow> {
  private static final long serialVersionUID = 1L;

  @Override
  public void process(
      String edgeId, Context ctx, Iterable<ArrivedTask> elements, Collector<TaskBatch> out) {
    List<ArrivedTask> window = new ArrayList<>();
    elements.forEach(window::add);
    out.collect(new TaskBatch(edgeId, window, System.currentTimeMillis()));
  }
}
