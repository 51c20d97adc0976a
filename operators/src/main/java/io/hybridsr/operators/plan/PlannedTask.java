package io.hybridsr.operators.plan;

import io.hybridsr.core.task.Task;

/**
 * A task with the configuration e = [S, D] the scheduler chose for it and what the models predict,
 * carried through the GPU operators to the device so predictions meet measurements.
 */
public class PlannedTask {
  public Task task;
  public long arrivedAtMs;
  public long plannedAtMs;

  /** SR scale S. */
  public int scale;

  /** Denoising steps D. */
  public int steps;

  /** Generation size R = R~/S, rounded to what SDXL accepts. */
  public int generationWidth;

  public int generationHeight;

  /** Fraction of grid patches sent to the edge's diffusion SR. */
  public double gamma;

  /** The partition grid is gridSize x gridSize. */
  public int gridSize;

  /** Predicted latency terms, seconds (paper eqs. 3-7). */
  public double t1;

  public double t2;
  public double t3;
  public double t4;
  public double t5;
  public double t6;
  public double total;
  public double quality;
  public double utility;

  /** True when no feasible assignment existed and a documented fallback was used. */
  public boolean degraded;

  public String degradedReason;

  /** How many tasks the window held; the scheduler planned them together. */
  public int windowSize;

  /** Predicted wait for an edge GPU slot (part of t1), for the device's slowness, stitching. */
  public double edgeWait;

  public double deviceWait;
  public double stitch;

  /** The units of work of each stage (what the edge's measurements are learned against). */
  public io.hybridsr.core.stage.StageWork work;

  public PlannedTask() {}
}
