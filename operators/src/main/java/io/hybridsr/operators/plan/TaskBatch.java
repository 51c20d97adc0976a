package io.hybridsr.operators.plan;

import io.hybridsr.operators.ingest.ArrivedTask;
import java.util.ArrayList;
import java.util.List;

/** One edge's window of concurrent tasks, as the keyed window closed it, for the planner. */
public class TaskBatch {
  public String edgeId;
  public List<ArrivedTask> tasks = new ArrayList<>();

  /** When the window fired, ms since the epoch. */
  public long closedAtMs;

  public TaskBatch() {}

  public TaskBatch(String edgeId, List<ArrivedTask> tasks, long closedAtMs) {
    this.edgeId = edgeId;
    this.tasks = tasks;
    this.closedAtMs = closedAtMs;
  }
}
