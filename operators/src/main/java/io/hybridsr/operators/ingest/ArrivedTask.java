package io.hybridsr.operators.ingest;

import io.hybridsr.core.task.Task;

/** A validated task with when and where it arrived (for latency accounting and tracing). */
public class ArrivedTask {
  public Task task;
  public long arrivedAtMs;
  public int partition;
  public long offset;

  /** The record as it came, kept only until admission so a refused task is dead-lettered whole. */
  public io.hybridsr.operators.kafka.RawRecord raw;

  public ArrivedTask() {}

  public ArrivedTask(Task task, long arrivedAtMs, int partition, long offset) {
    this.task = task;
    this.arrivedAtMs = arrivedAtMs;
    this.partition = partition;
    this.offset = offset;
  }

  public String taskId() {
    return task.taskId();
  }

  public String edgeId() {
    return task.edgeId();
  }
}
