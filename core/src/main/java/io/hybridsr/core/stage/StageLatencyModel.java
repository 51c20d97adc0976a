package io.hybridsr.core.stage;

import io.hybridsr.core.config.Configuration;
import io.hybridsr.core.config.GenerationSize;
import io.hybridsr.core.latency.LatencyBreakdown;
import io.hybridsr.core.latency.LatencyEstimate;
import io.hybridsr.core.latency.LatencyPredictor;
import io.hybridsr.core.task.Task;
import java.util.Map;

/**
 * The running job's latency predictor: each stage's service time from the calibrated model of the
 * runner that will run it, times what was learned about that runner at that site, plus the waits in
 * front of the edge's GPU slots and the task's device at planning time.
 *
 * <p>Loads are in seconds (the edge's and devices' capacities are 1 s/s), so the scheduler's
 * budgets (eq. 11, 12) become the seconds of work the edge and devices can still take within L0.
 * The waits here are the backlog at the start of the window; the order inside the window is added
 * by {@link Backlog#plan}, which gives the predictions that are reported.
 *
 * <p>This pipeline sends the background after the foreground's SR (all patches of a task leave the
 * edge together), so the enhancement latency is the sum along that path: T6 = T2 + device wait + T4
 * + T5 + T3 + stitching, and T = T1 + T6, with T1 = edge wait + generation.
 */
public final class StageLatencyModel implements LatencyPredictor {
  /** A stage with no calibrated model starts from 1 s per unit and is learned. */
  private static final double UNCALIBRATED_SECONDS_PER_UNIT = 1.0;

  private final StageModels base;
  private final LearnedSpeeds learned;
  private final RunnerSet runners;
  private final String edgeId;
  private final int grid;
  private final double gamma;
  private final int marginPx;
  private final double edgeWaitSeconds;
  private final Map<String, Double> deviceWaitSeconds;
  private final Map<String, String> deviceRunners;

  /**
   * @param edgeWaitSeconds until one of the edge's slots is free
   * @param deviceWaitSeconds per device, until it is free (absent: free now)
   * @param deviceRunners per device, the SR runner it reported (absent: the default)
   */
  public StageLatencyModel(
      StageModels base,
      LearnedSpeeds learned,
      RunnerSet runners,
      String edgeId,
      int grid,
      double gamma,
      int marginPx,
      double edgeWaitSeconds,
      Map<String, Double> deviceWaitSeconds,
      Map<String, String> deviceRunners) {
    this.base = base;
    this.learned = learned;
    this.runners = runners;
    this.edgeId = edgeId;
    this.grid = grid;
    this.gamma = gamma;
    this.marginPx = marginPx;
    this.edgeWaitSeconds = Math.max(0, edgeWaitSeconds);
    this.deviceWaitSeconds = deviceWaitSeconds;
    this.deviceRunners = deviceRunners;
  }

  @Override
  public double gamma() {
    return gamma;
  }

  @Override
  public boolean perTask() {
    return true;
  }

  /** The units of every stage for {@code task} under {@code c}. */
  public StageWork work(Task task, Configuration c) {
    return StageWork.of(task.targetWidth(), task.targetHeight(), c, grid, gamma, marginPx);
  }

  /** The runner of {@code stage} for a task of {@code deviceId}. */
  public String runner(Stage stage, String deviceId) {
    if (stage == Stage.DEVICE_SR || stage == Stage.STITCH) {
      return deviceRunners.getOrDefault(deviceId, runners.deviceSr());
    }
    return runners.runnerOf(stage);
  }

  /** Where a stage of a task of {@code deviceId} runs, as learned: the edge or the device. */
  public String site(Stage stage, String deviceId) {
    return stage == Stage.GENERATION || stage == Stage.EDGE_SR ? edgeId : deviceId;
  }

  /** The calibrated time of the units on {@code stage}'s runner, before learning. */
  public double modelSeconds(Stage stage, String runner, double units, double units2) {
    StageModel m = base.get(stage, runner);
    if (units <= 0 && units2 <= 0) {
      return 0;
    }
    return m != null ? m.seconds(units, units2) : UNCALIBRATED_SECONDS_PER_UNIT * (units + units2);
  }

  /** The predicted time of the units of {@code stage} for a task of {@code deviceId}. */
  public double seconds(Stage stage, String deviceId, double units, double units2) {
    String runner = runner(stage, deviceId);
    return modelSeconds(stage, runner, units, units2)
        * learned.scale(stage, runner, site(stage, deviceId));
  }

  /**
   * The contention of runners that share CPUs, as learned: each network stage's slowdown at an
   * overlap of other runners computing beside it ({@link Backlog.Contention#scales}); none until it
   * is learned.
   */
  public Backlog.Contention contention() {
    return contention(1);
  }

  /**
   * As {@link #contention()}, with {@code prior} as the slowdown of one full overlap until it is
   * learned ({@link LearnedSpeeds#contentionFactor(Stage, String, double, double)}).
   */
  public Backlog.Contention contention(double prior) {
    return (stage, deviceId, overlap) ->
        !Backlog.Contention.scales(stage)
            ? 1
            : learned.contentionFactor(stage, runner(stage, deviceId), overlap, prior);
  }

  private double seconds(Stage stage, String deviceId, StageWork w) {
    return seconds(stage, deviceId, w.units(stage), w.units2(stage));
  }

  /** Service times of every stage, learned speeds applied. */
  public ServiceTimes services(Task task, Configuration c) {
    StageWork w = work(task, c);
    String d = task.deviceId();
    return new ServiceTimes(
        seconds(Stage.GENERATION, d, w),
        seconds(Stage.EDGE_SR, d, w),
        seconds(Stage.LINK_FG, d, w),
        seconds(Stage.LINK_BG, d, w),
        seconds(Stage.DEVICE_SR, d, w),
        seconds(Stage.STITCH, d, w));
  }

  @Override
  public LatencyEstimate estimate(Task task, Configuration c) {
    ServiceTimes s = services(task, c);
    double edgeDone = edgeWaitSeconds + s.edge();
    double deviceWait =
        Math.max(0, deviceWaitSeconds.getOrDefault(task.deviceId(), 0.0) - edgeDone);
    LatencyBreakdown t = compose(edgeWaitSeconds, s, deviceWait);
    GenerationSize r = GenerationSize.of(task.targetWidth(), task.targetHeight(), c.scale());
    return new LatencyEstimate(r, s.generation(), s.edgeSr(), s.deviceSr(), 0, 0, t);
  }

  /** T1..T6 and T from the waits and service times, along this pipeline's path. */
  public static LatencyBreakdown compose(double edgeWait, ServiceTimes s, double deviceWait) {
    double t1 = edgeWait + s.generation();
    double t6 = s.edgeSr() + deviceWait + s.device();
    return new LatencyBreakdown(t1, s.edgeSr(), s.deviceSr(), s.linkFg(), s.linkBg(), t6, t1 + t6);
  }
}
