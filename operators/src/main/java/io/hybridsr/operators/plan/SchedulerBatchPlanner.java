package io.hybridsr.operators.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hybridsr.core.config.CandidateSets;
import io.hybridsr.core.config.Configuration;
import io.hybridsr.core.config.GenerationSize;
import io.hybridsr.core.latency.LatencyBreakdown;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileKeys;
import io.hybridsr.core.sched.Assignment;
import io.hybridsr.core.sched.Budget;
import io.hybridsr.core.sched.ConfigurationEvaluator;
import io.hybridsr.core.sched.SaParameters;
import io.hybridsr.core.sched.ScheduleResult;
import io.hybridsr.core.sched.SimulatedAnnealingScheduler;
import io.hybridsr.core.stage.Backlog;
import io.hybridsr.core.stage.Colocation;
import io.hybridsr.core.stage.RunnerSet;
import io.hybridsr.core.stage.ServiceTimes;
import io.hybridsr.core.stage.Stage;
import io.hybridsr.core.stage.StageLatencyModel;
import io.hybridsr.core.stage.StageModels;
import io.hybridsr.core.stage.StageWork;
import io.hybridsr.core.task.Task;
import io.hybridsr.kafka.records.Measurement;
import io.hybridsr.operators.ingest.ArrivedTask;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a window with core's simulated annealing (paper Algorithm 1).
 *
 * <p>With {@link Settings#runners()} given (the job), every stage is predicted for the runner that
 * will run it from the profile's calibrated stage models, times what was learned at this edge and
 * each device ({@link #learn}), plus the waits for the edge's GPU slots and the task's device
 * ({@link Backlog}). The budgets become what the edge and devices can still finish within L0 given
 * their backlog, and a task whose cheapest configuration cannot meet L0 is refused at once (or
 * served degraded, by policy). Without runners it plans with the paper's FLOP model and per-window
 * budgets, as in the simulations.
 *
 * <p>Holds only settings; the profile is loaded on the TaskManager when the first window arrives.
 */
public final class SchedulerBatchPlanner implements BatchPlanner {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The share of the edge's time a window may plan at the current arrival rate: below 1, so the
   * queue drains between bursts (at 1 its wait would grow without bound).
   */
  static final double TARGET_UTILIZATION = 0.8;

  /**
   * How the job plans.
   *
   * @param profilePath a profile file, or null for the paper's testbed profile
   * @param edgeCapacityRatio the paper's Fig. 8a knob, paper mode only
   * @param seed SA's seed
   * @param runners what the edge and devices run; null plans with the paper's FLOP model
   * @param slots the edge's GPU slots
   * @param marginPx patch overlap margin (the stage units count it)
   * @param rejectLate refuse tasks that cannot meet L0 (else serve them degraded)
   * @param learn learn speeds from measurements
   * @param latencyBoundSeconds the job's L0 (admission, budgets, SA's bound); 0 or NaN: the
   *     profile's {@code scheduler.latencyBoundSeconds}, the paper's modelling constant
   * @param headroom the fraction of L0 kept free for prediction error: tasks are admitted and
   *     planned against L0 x (1 - headroom), so the measured tail stays within L0
   * @param colocation who shares CPUs with whom
   * @param contentionPrior the slowdown of one full overlap assumed for runners that share CPUs
   *     until {@link io.hybridsr.core.stage.LearnedSpeeds#MIN_CONTENTION_SAMPLES} overlapped runs
   *     are measured (1: none)
   * @param colocatedCores how many CPUs the runners that share them have to themselves; 0: this
   *     JVM's processors. 1 (the default) counts every other busy runner as a slowdown: on the
   *     demo's 2-core host the JVM's own work (Flink, Kafka, encoding) takes the second core under
   *     load, and counting both admitted twice the work the devices could finish
   */
  public record Settings(
      String profilePath,
      double edgeCapacityRatio,
      long seed,
      RunnerSet runners,
      int slots,
      int marginPx,
      boolean rejectLate,
      boolean learn,
      double latencyBoundSeconds,
      double headroom,
      Colocation colocation,
      double contentionPrior,
      int colocatedCores)
      implements java.io.Serializable {
    /**
     * Two single-threaded runners on one core each run at half speed: what a stage beside another
     * all along is assumed to take until contention is learned. Assuming none (1) let the demo's
     * overload run admit its first 20 tasks on device queues planned half as long as they ran.
     */
    public static final double DEFAULT_CONTENTION_PRIOR = 2;

    public Settings {
      if (!(headroom >= 0 && headroom < 1)) {
        throw new IllegalArgumentException("headroom must be in [0, 1), got " + headroom);
      }
      if (!(contentionPrior >= 1 && contentionPrior <= 4)) {
        throw new IllegalArgumentException(
            "runners.contention.prior must be in [1, 4], got " + contentionPrior);
      }
      if (colocatedCores < 0) {
        throw new IllegalArgumentException(
            "runners.colocated.cores must be >= 0 (0: this host's processors), got "
                + colocatedCores);
      }
    }

    /** Runners on hosts of their own (edge and devices apart, as deployed). */
    public Settings(
        String profilePath,
        double edgeCapacityRatio,
        long seed,
        RunnerSet runners,
        int slots,
        int marginPx,
        boolean rejectLate,
        boolean learn,
        double latencyBoundSeconds,
        double headroom) {
      this(
          profilePath,
          edgeCapacityRatio,
          seed,
          runners,
          slots,
          marginPx,
          rejectLate,
          learn,
          latencyBoundSeconds,
          headroom,
          Colocation.APART,
          DEFAULT_CONTENTION_PRIOR,
          1);
    }

    /**
     * The same settings for runners that share CPUs as {@code v} says (the demo, a single-machine
     * run).
     */
    public Settings colocation(Colocation v) {
      return with(v, contentionPrior, colocatedCores);
    }

    /** The same settings with {@code f} as the contention assumed until it is learned. */
    public Settings contentionPrior(double f) {
      return with(colocation, f, colocatedCores);
    }

    /** The same settings with {@code cores} CPUs shared by co-located runners (0: this host's). */
    public Settings colocatedCores(int cores) {
      return with(colocation, contentionPrior, cores);
    }

    /** The CPUs co-located runners share, {@code colocatedCores} or this JVM's processors. */
    public int cores() {
      return colocatedCores > 0 ? colocatedCores : Runtime.getRuntime().availableProcessors();
    }

    private Settings with(Colocation v, double f, int cores) {
      return new Settings(
          profilePath,
          edgeCapacityRatio,
          seed,
          runners,
          slots,
          marginPx,
          rejectLate,
          learn,
          latencyBoundSeconds,
          headroom,
          v,
          f,
          cores);
    }

    /** With the profile's L0 and no headroom. */
    public Settings(
        String profilePath,
        double edgeCapacityRatio,
        long seed,
        RunnerSet runners,
        int slots,
        int marginPx,
        boolean rejectLate,
        boolean learn) {
      this(profilePath, edgeCapacityRatio, seed, runners, slots, marginPx, rejectLate, learn, 0, 0);
    }
  }

  private final Settings settings;
  private transient Profile profile;
  private transient StageModels stageModels;
  private transient ConfigurationEvaluator paperEvaluator;
  private transient SimulatedAnnealingScheduler paperScheduler;
  private transient PlanStats last;

  /** Paper mode: the paper's FLOP model, per-window budgets, no learning or queue. */
  public SchedulerBatchPlanner(String profilePath, double edgeCapacityRatio, long seed) {
    this(new Settings(profilePath, edgeCapacityRatio, seed, null, 1, 8, false, false));
  }

  public SchedulerBatchPlanner(Settings settings) {
    if (!(settings.edgeCapacityRatio() > 0 && settings.edgeCapacityRatio() <= 1)) {
      throw new IllegalArgumentException(
          "edgeCapacityRatio must be in (0, 1], got " + settings.edgeCapacityRatio());
    }
    if (settings.slots() < 1) {
      throw new IllegalArgumentException("slots must be >= 1, got " + settings.slots());
    }
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  /** The stage models of a profile file (null: the paper's testbed, which has none). */
  public static StageModels stageModels(String profilePath) {
    if (profilePath == null) {
      return StageModels.empty();
    }
    try (InputStream in = Files.newInputStream(Path.of(profilePath))) {
      JsonNode root = JSON.readTree(in);
      return StageModels.fromProfileJson(root, profilePath);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read profile " + profilePath + ": " + e.getMessage(), e);
    }
  }

  /**
   * The stages whose runner the profile has no calibrated model for (empty when it fits): the job
   * refuses such a profile at start, or learns those stages from scratch, by its setting.
   */
  public List<String> missingStageModels() {
    return settings.runners() == null
        ? List.of()
        : stageModels(settings.profilePath()).missingFor(settings.runners());
  }

  private void init() {
    profile =
        settings.profilePath() == null
            ? Profile.defaultProfile()
            : Profile.load(Path.of(settings.profilePath()));
    stageModels = stageModels(settings.profilePath());
    paperEvaluator =
        new ConfigurationEvaluator(
            profile,
            CandidateSets.DEFAULT,
            profile.value(ProfileKeys.GAMMA),
            settings.edgeCapacityRatio());
    paperScheduler =
        new SimulatedAnnealingScheduler(
            paperEvaluator, SaParameters.DEFAULT.withSeed(settings.seed()));
  }

  private int grid() {
    return (int) Math.round(profile.value(ProfileKeys.GRID_SIZE));
  }

  private double gamma() {
    return profile.value(ProfileKeys.GAMMA);
  }

  /** L0: the job's own bound when set, else the profile's. */
  public double l0() {
    if (profile == null) {
      init();
    }
    double own = settings.latencyBoundSeconds();
    return own > 0 ? own : profile.value(ProfileKeys.L0);
  }

  /** Paper mode, for planners that keep no state. */
  @Override
  public List<PlannedTask> plan(String edgeId, List<ArrivedTask> window) {
    if (profile == null) {
      init();
    }
    List<Task> tasks = new ArrayList<>(window.size());
    window.forEach(a -> tasks.add(a.task));
    Budget budget = Budget.forWindow(profile, tasks.size(), settings.edgeCapacityRatio());
    ScheduleResult r = paperScheduler.schedule(tasks, budget);
    last = new PlanStats(r.totalUtility(), r.iterations(), r.degraded());
    long now = System.currentTimeMillis();
    List<PlannedTask> out = new ArrayList<>(window.size());
    for (int i = 0; i < window.size(); i++) {
      Assignment as = r.assignments().get(i);
      PlannedTask p = planned(window.get(i), as, r, now);
      p.t1 = as.predicted().t1();
      p.t2 = as.predicted().t2();
      p.t3 = as.predicted().t3();
      p.t4 = as.predicted().t4();
      p.t5 = as.predicted().t5();
      p.t6 = as.predicted().t6();
      p.total = as.predicted().total();
      out.add(p);
    }
    return out;
  }

  @Override
  public Plan plan(String edgeId, List<ArrivedTask> window, PlanningState state, long nowMs) {
    if (profile == null) {
      init();
    }
    if (settings.runners() == null) {
      return new Plan(plan(edgeId, window), List.of());
    }
    Backlog backlog = state.backlog;
    backlog.ensureSlots(settings.slots(), nowMs);
    backlog.expire(nowMs - Math.round(20 * l0() * 1000));
    backlog.catchUp(nowMs);
    state.arrived(window.size(), nowMs);
    StageLatencyModel model = model(edgeId, state, nowMs);
    ConfigurationEvaluator ev = new ConfigurationEvaluator(profile, CandidateSets.DEFAULT, model);
    // Tasks taking longer than predicted tighten the bound they are admitted and planned under.
    double factor = settings.learn() ? state.admissionFactor() : 1;
    double l0 = l0() * (1 - settings.headroom()) / factor;
    double handoff = state.handoffSeconds();
    String factorNote =
        factor > 1
            ? String.format(
                java.util.Locale.ROOT, ", over %.2f: recent tasks' measured T / predicted", factor)
            : "";

    // Admission: a task that cannot meet L0 even with its cheapest configuration, given the
    // work already queued, is answered now rather than left to wait (Triton's queue policy).
    List<ArrivedTask> admitted = new ArrayList<>();
    List<Rejection> rejected = new ArrayList<>();
    for (ArrivedTask a : window) {
      double waited = Math.max(0, nowMs - a.arrivedAtMs) / 1e3;
      double best = Double.MAX_VALUE;
      for (Configuration c : CandidateSets.DEFAULT.all()) {
        best = Math.min(best, model.estimate(a.task, c).latency().total());
      }
      if (settings.rejectLate() && waited + best + handoff > l0) {
        rejected.add(
            new Rejection(
                a,
                String.format(
                    java.util.Locale.ROOT,
                    "rejected at admission: the fastest configuration needs %.1f s (%.1f s queued at the "
                        + "edge, %.1f s waited), over %.1f s (L0 = %.0f s less %.0f%% headroom%s)",
                    waited + best + handoff,
                    backlog.edgeWaitSeconds(nowMs),
                    waited,
                    l0,
                    l0(),
                    100 * settings.headroom(),
                    factorNote)));
      } else {
        admitted.add(a);
      }
    }
    if (admitted.isEmpty()) {
      last = new PlanStats(0, 0, false);
      return new Plan(List.of(), rejected);
    }
    List<Task> tasks = new ArrayList<>(admitted.size());
    admitted.forEach(a -> tasks.add(a.task));
    // Cmax: what the edge can still finish within L0 given its backlog, and no more than its
    // share of the edge at the rate tasks arrive (so one window does not take the time of the
    // next ones and the queue stays stable under load).
    double edgeBudget = Math.max(0, settings.slots() * l0 - backlog.edgeBacklogSeconds(nowMs));
    if (state.meanGapSeconds > 0) {
      edgeBudget =
          Math.min(
              edgeBudget,
              TARGET_UTILIZATION * settings.slots() * state.meanGapSeconds * tasks.size());
    }
    Map<String, Double> deviceWaits = backlog.deviceWaitSeconds(nowMs);
    Set<String> devices = new HashSet<>();
    double deviceBudget = 0;
    for (Task t : tasks) {
      if (devices.add(t.deviceId())) {
        deviceBudget += Math.max(0, l0 - deviceWaits.getOrDefault(t.deviceId(), 0.0));
      }
    }
    SimulatedAnnealingScheduler sa =
        new SimulatedAnnealingScheduler(ev, SaParameters.DEFAULT.withSeed(settings.seed() ^ nowMs));
    ScheduleResult r = sa.schedule(tasks, new Budget(edgeBudget, deviceBudget, l0));
    last = new PlanStats(r.totalUtility(), r.iterations(), r.degraded());

    List<String> ids = new ArrayList<>();
    List<String> devs = new ArrayList<>();
    List<ServiceTimes> services = new ArrayList<>();
    List<StageWork> works = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      Task t = tasks.get(i);
      Configuration c = r.assignments().get(i).configuration();
      ids.add(t.taskId());
      devs.add(t.deviceId());
      services.add(model.services(t, c));
      works.add(model.work(t, c));
    }
    List<Backlog.Placement> placed =
        backlog.plan(
            ids,
            devs,
            services,
            nowMs,
            settings.colocation(),
            settings.cores(),
            model.contention(settings.contentionPrior()));
    List<PlannedTask> out = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      ArrivedTask a = admitted.get(i);
      PlannedTask p = planned(a, r.assignments().get(i), r, nowMs);
      Backlog.Placement pl = placed.get(i);
      LatencyBreakdown t = pl.predicted();
      double waited = Math.max(0, nowMs - a.arrivedAtMs) / 1e3;
      p.t1 = t.t1();
      p.t2 = t.t2();
      p.t3 = t.t3();
      p.t4 = t.t4();
      p.t5 = t.t5();
      p.t6 = t.t6();
      p.total = waited + t.total() + handoff;
      p.edgeWait = pl.edgeWaitSeconds();
      p.deviceWait = pl.deviceWaitSeconds();
      p.stitch = pl.services().stitch();
      p.work = works.get(i);
      Backlog.Pending pending = backlog.pending.get(a.task.taskId());
      if (pending != null) {
        pending.work = works.get(i);
        pending.windowWaitMs = Math.max(0, nowMs - a.arrivedAtMs);
        pending.predictedTotalSeconds = p.total;
      }
      out.add(p);
    }
    return new Plan(out, rejected);
  }

  private StageLatencyModel model(String edgeId, PlanningState state, long nowMs) {
    return new StageLatencyModel(
        stageModels,
        state.learned,
        settings.runners(),
        edgeId,
        grid(),
        gamma(),
        settings.marginPx(),
        state.backlog.edgeWaitSeconds(nowMs),
        state.backlog.deviceWaitSeconds(nowMs),
        Map.of());
  }

  /**
   * Learns from one measurement; returns its relative error against the prediction before it was
   * learned ((measured - predicted) / predicted), or NaN for backlog events.
   */
  @Override
  public double learn(Measurement m, PlanningState state, long nowMs) {
    if (profile == null) {
      init();
    }
    if (settings.runners() == null) {
      return Double.NaN;
    }
    Backlog backlog = state.backlog;
    switch (m.stage()) {
      case Measurement.EDGE_DONE -> {
        backlog.edgeDone(m.taskId(), m.endMs());
        return Double.NaN;
      }
      case Measurement.DONE -> {
        backlog.deviceDone(m.taskId(), m.endMs());
        return Double.NaN;
      }
      case Measurement.HANDOFF -> {
        return learnHandoff(m, state, nowMs);
      }
      case Measurement.TOTAL -> {
        return learnTotal(m, state, nowMs);
      }
      default -> {
        // handled below
      }
    }
    Stage stage;
    try {
      stage = Stage.ofKey(m.stage());
    } catch (IllegalArgumentException e) {
      return Double.NaN;
    }
    double units = m.units();
    double units2 = m.units2();
    if (!(units > 0)) {
      // Device stages: their units come from this planner's own plan of the task.
      Backlog.Pending p = backlog.pending.get(m.taskId());
      if (p == null || p.work == null) {
        return Double.NaN;
      }
      units = p.work.units(stage);
      units2 = p.work.units2(stage);
    }
    if (!(units > 0) || !(m.seconds() > 0)) {
      return Double.NaN;
    }
    StageLatencyModel model = model(m.edgeId(), state, nowMs);
    String device = stage.site().equals("edge") ? "" : m.site();
    String runner =
        m.runner() == null || m.runner().isEmpty() ? model.runner(stage, device) : m.runner();
    double predicted = model.seconds(stage, device, units, units2);
    Backlog.Pending planned = backlog.pending.get(m.taskId());
    boolean shared =
        settings.colocation().contends() && planned != null && Backlog.Contention.scales(stage);
    double overlap =
        !shared ? 0 : stage.site().equals("edge") ? planned.edgeOverlap : planned.deviceOverlap;
    if (shared) {
      predicted *= model.contention(settings.contentionPrior()).factor(stage, device, overlap);
    }
    if (settings.learn()) {
      double modelSeconds = model.modelSeconds(stage, runner, units, units2);
      String site = model.site(stage, device);
      if (shared) {
        state.learned.addShared(stage, runner, site, m.seconds(), modelSeconds, overlap, nowMs);
      } else {
        state.learned.add(stage, runner, site, m.seconds(), modelSeconds, nowMs);
      }
    }
    return predicted > 0 ? (m.seconds() - predicted) / predicted : Double.NaN;
  }

  /**
   * Learns the hand-off: a completed task's time outside its stages less the window wait it was
   * planned with (Kafka and operator hops, encoding; in the demo 0.1-0.9 s a task, which left
   * predicted T short by about 0.35 s at the median until it was learned). Returns NaN: the
   * hand-off is not a stage and has no error metric of its own.
   */
  private double learnHandoff(Measurement m, PlanningState state, long nowMs) {
    Backlog.Pending p = state.backlog.pending.get(m.taskId());
    if (p == null || !settings.learn()) {
      return Double.NaN;
    }
    double measured = Math.max(MIN_HANDOFF_SECONDS, m.seconds() - p.windowWaitMs / 1e3);
    state.handoff.add(measured, 1, nowMs);
    return Double.NaN; // not a stage: no error metric of its own (T's error counts it)
  }

  /**
   * Learns a completed task's measured T against the T predicted at its planning, for admission
   * ({@link PlanningState#admissionFactor}). Returns NaN: T's error is reported with the outcome,
   * not as a stage's.
   */
  private double learnTotal(Measurement m, PlanningState state, long nowMs) {
    Backlog.Pending p = state.backlog.pending.get(m.taskId());
    if (settings.learn() && p != null && p.predictedTotalSeconds > 0 && m.seconds() > 0) {
      state.totalRatio.add(m.seconds(), p.predictedTotalSeconds, nowMs);
    }
    return Double.NaN;
  }

  /** The learner keeps ratios on a log scale: a hand-off at or under 0 counts as this. */
  private static final double MIN_HANDOFF_SECONDS = 0.02;

  private PlannedTask planned(ArrivedTask a, Assignment as, ScheduleResult r, long now) {
    GenerationSize size =
        GenerationSize.of(a.task.targetWidth(), a.task.targetHeight(), as.configuration().scale());
    PlannedTask p = new PlannedTask();
    p.task = a.task;
    p.arrivedAtMs = a.arrivedAtMs;
    p.plannedAtMs = now;
    p.scale = as.configuration().scale();
    p.steps = as.configuration().steps();
    p.generationWidth = size.width();
    p.generationHeight = size.height();
    p.gamma = gamma();
    p.gridSize = grid();
    p.quality = as.quality();
    p.utility = as.utility();
    p.degraded = r.degraded();
    p.degradedReason = r.degraded() ? r.reason() : null;
    p.windowSize = r.assignments().size();
    return p;
  }

  @Override
  public PlanStats lastStats() {
    return last == null ? PlanStats.NONE : last;
  }

  /** Stage keys with the runner each uses, for logs: {@code generation=sdxl-standin/...}. */
  public static Map<String, String> describe(RunnerSet runners) {
    Map<String, String> m = new HashMap<>();
    for (Stage s : Stage.values()) {
      m.put(s.key(), runners.runnerOf(s));
    }
    return m;
  }
}
