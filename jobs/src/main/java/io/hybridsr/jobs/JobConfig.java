package io.hybridsr.jobs;

import io.hybridsr.core.stage.Colocation;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.inference.realesrgan.QualityBudget;
import io.hybridsr.inference.store.RealEsrganModel;
import io.hybridsr.operators.edge.EdgeModelSpec;
import io.hybridsr.operators.edge.EdgeWarmUp;
import io.hybridsr.operators.plan.BatchPlanner;
import io.hybridsr.operators.plan.SchedulerBatchPlanner;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The job's settings: the one place that holds every key with its default ({@link #KEYS},
 * documented in docs/streaming.md, "Settings"). A properties file ({@code --config}), the
 * environment ({@code HYBRIDSR_<KEY>}: upper case, dots as underscores, e.g. {@code
 * HYBRIDSR_GPU_SLOTS=2}) and the CLI's flags ({@link #with}) map onto these keys, each overriding
 * the one before. An unknown key or a value that does not parse is refused with its source, key and
 * reason. Nothing below this class reads settings of its own.
 */
public final class JobConfig {
  /** Every key with its default; the k8s ConfigMap uses the same keys. */
  public static final Map<String, String> KEYS = defaults();

  private final String source;
  private final Map<String, String> values;

  private JobConfig(String source, Map<String, String> values) {
    this.source = source;
    this.values = values;
  }

  private static Map<String, String> defaults() {
    // The job's own options hold their defaults once; this file's keys read them from there.
    JobOptions d = JobOptions.builder().build();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("batch.size", String.valueOf(d.batchSize));
    m.put("max.wait.ms", String.valueOf(d.maxWait.toMillis()));
    m.put("plan.only", String.valueOf(d.planOnly));
    m.put("gpu.slots", String.valueOf(d.gpuSlots));
    m.put("edge.queue.capacity", String.valueOf(d.edgeQueueCapacity));
    m.put("latency.bound.s", "60");
    m.put("admission.policy", "reject");
    m.put("admission.headroom", "0.15");
    m.put("learning", "true");
    m.put("runners.colocated", "false");
    m.put("runners.contention.prior", "2");
    m.put("runners.colocated.cores", "1");
    m.put("profile.mismatch", "learn");
    m.put("device.sr.model", "x4fast");
    m.put("device.sr.precision", "fp32");
    m.put("device.threads", "1");
    m.put("device.link.mbps", "10");
    m.put("inference.timeout.ms", String.valueOf(d.inferenceTimeout.toMillis()));
    m.put("max.record.bytes", String.valueOf(d.maxRecordBytes));
    m.put("parallelism", String.valueOf(d.parallelism));
    m.put("seed", String.valueOf(d.seed));
    m.put("group.id", d.groupId);
    m.put("profile", "");
    m.put("edge.capacity.ratio", "1.0");
    m.put("sdxl.dir", "");
    m.put("models.dir", "");
    m.put("edge.sr.model", "x4plus");
    m.put("edge.sr.precision", "fp32");
    m.put("edge.sr.max.psnr.loss.db", String.valueOf(QualityBudget.DEFAULT_MAX_PSNR_LOSS_DB));
    m.put("stablesr.dir", "");
    m.put("edge.execution.provider", "cpu");
    m.put("model.threads", String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors())));
    m.put("patch.margin.px", "8");
    m.put("edge.warmup.targets", "");
    m.put("checkpoint.interval.ms", String.valueOf(d.checkpointInterval.toMillis()));
    m.put("buffer.timeout.ms", String.valueOf(d.bufferTimeout.toMillis()));
    m.put("checkpoint.dir", "");
    m.put("restart.attempts", String.valueOf(d.restartAttempts));
    m.put("restart.delay.ms", String.valueOf(d.restartDelay.toMillis()));
    m.put("devices.known", "");
    m.put("edges.known", "");
    m.put("duplicate.window.ms", String.valueOf(d.duplicateWindow.toMillis()));
    m.put("device.outcome.wait.ms", String.valueOf(d.deviceOutcomeWait.toMillis()));
    m.put("outcome.discovery.ms", String.valueOf(d.outcomeTopicDiscovery.toMillis()));
    return java.util.Collections.unmodifiableMap(m);
  }

  /** The defaults, overridden by {@code file} when given. */
  public static JobConfig load(Path file) throws IOException {
    return load(file, Map.of());
  }

  /**
   * The variable that sets {@code key}: {@code HYBRIDSR_} and the key in upper case, dots as
   * underscores.
   */
  public static String environmentVariable(String key) {
    return "HYBRIDSR_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
  }

  /**
   * The defaults, overridden by {@code file} when given, then by the variables of {@code
   * environment} named by {@link #environmentVariable} (others are ignored; the CLI's {@code
   * HYBRIDSR_EP} also sets {@code edge.execution.provider}).
   */
  public static JobConfig load(Path file, Map<String, String> environment) throws IOException {
    Map<String, String> v = new LinkedHashMap<>(KEYS);
    List<String> sources = new ArrayList<>();
    if (file != null) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
      for (String k : p.stringPropertyNames()) {
        if (!KEYS.containsKey(k)) {
          throw new IllegalArgumentException(
              file + ": unknown key '" + k + "' (known: " + KEYS.keySet() + ")");
        }
        v.put(k, p.getProperty(k).trim());
      }
      sources.add(file.toString());
    }
    List<String> fromEnvironment = new ArrayList<>();
    String ep = environment.get("HYBRIDSR_EP");
    if (ep != null && !ep.isBlank()) {
      v.put("edge.execution.provider", ep.trim());
      fromEnvironment.add("HYBRIDSR_EP");
    }
    for (String k : KEYS.keySet()) {
      String value = environment.get(environmentVariable(k));
      if (value != null) {
        v.put(k, value.trim());
        fromEnvironment.add(environmentVariable(k));
      }
    }
    if (!fromEnvironment.isEmpty()) {
      sources.add("environment " + String.join(", ", fromEnvironment));
    }
    if (sources.isEmpty()) {
      return new JobConfig("defaults", v);
    }
    JobConfig c = new JobConfig(String.join(" + ", sources), v);
    c.jobOptions("validate:0");
    c.planner();
    c.marginPx();
    c.edgeWarmUp();
    c.runners(c.edgeModels());
    return c;
  }

  public JobConfig with(String key, String value) {
    if (!KEYS.containsKey(key)) {
      throw new IllegalArgumentException("unknown job setting '" + key + "'");
    }
    Map<String, String> v = new LinkedHashMap<>(values);
    v.put(key, value);
    return new JobConfig(source, v);
  }

  public Set<String> keys() {
    return values.keySet();
  }

  public String get(String key) {
    return values.get(key);
  }

  public JobOptions jobOptions(String bootstrapServers) {
    return jobOptions(bootstrapServers, Map.of());
  }

  /** The options, with extra Kafka client settings (security) for every source and sink. */
  public JobOptions jobOptions(String bootstrapServers, Map<String, String> kafkaProperties) {
    try {
      return JobOptions.builder()
          .kafkaProperties(kafkaProperties)
          .bootstrapServers(bootstrapServers)
          .groupId(values.get("group.id"))
          .batchSize(integer("batch.size"))
          .maxWait(Duration.ofMillis(integer("max.wait.ms")))
          .planOnly(bool("plan.only"))
          .gpuSlots(integer("gpu.slots"))
          .edgeQueueCapacity(integer("edge.queue.capacity"))
          .inferenceTimeout(Duration.ofMillis(integer("inference.timeout.ms")))
          .maxRecordBytes(integer("max.record.bytes"))
          .parallelism(integer("parallelism"))
          .seed(Long.parseLong(values.get("seed")))
          .checkpointInterval(Duration.ofMillis(integer("checkpoint.interval.ms")))
          .bufferTimeout(Duration.ofMillis(integer("buffer.timeout.ms")))
          .checkpointDir(
              values.get("checkpoint.dir").isEmpty() ? null : values.get("checkpoint.dir"))
          .restartAttempts(integer("restart.attempts"))
          .restartDelay(Duration.ofMillis(integer("restart.delay.ms")))
          .knownDevices(list("devices.known"))
          .knownEdges(list("edges.known"))
          .duplicateWindow(Duration.ofMillis(Long.parseLong(values.get("duplicate.window.ms"))))
          .deviceOutcomeWait(
              Duration.ofMillis(Long.parseLong(values.get("device.outcome.wait.ms"))))
          .outcomeTopicDiscovery(
              Duration.ofMillis(Long.parseLong(values.get("outcome.discovery.ms"))))
          .build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  /**
   * The planner: SA on per-runner stage models of the profile (learned while the job runs, with
   * queueing and admission control). A profile without models for the runners this job runs is
   * refused ({@code profile.mismatch=fail}) or learned from scratch with a warning ({@code learn}).
   */
  public BatchPlanner planner() {
    String profile = values.get("profile");
    EdgeModelSpec edge = edgeModels();
    String policy = values.get("admission.policy");
    if (!policy.equals("reject") && !policy.equals("degrade")) {
      throw new IllegalArgumentException(
          source + ": admission.policy must be reject or degrade, got '" + policy + "'");
    }
    SchedulerBatchPlanner planner =
        new SchedulerBatchPlanner(
            new SchedulerBatchPlanner.Settings(
                    profile.isEmpty() ? null : profile,
                    number("edge.capacity.ratio"),
                    Long.parseLong(values.get("seed")),
                    runners(edge),
                    integer("gpu.slots"),
                    marginPx(),
                    policy.equals("reject"),
                    bool("learning"),
                    number("latency.bound.s"),
                    number("admission.headroom"))
                .colocation(Colocation.parse(values.get("runners.colocated")))
                .contentionPrior(number("runners.contention.prior"))
                .colocatedCores(integer("runners.colocated.cores")));
    java.util.List<String> missing = planner.missingStageModels();
    if (!missing.isEmpty()) {
      String what =
          (profile.isEmpty() ? "the default profile (the paper's testbed)" : profile)
              + " has no calibrated stage model for "
              + String.join(", ", missing);
      switch (values.get("profile.mismatch")) {
        case "fail" ->
            throw new IllegalArgumentException(
                source
                    + ": "
                    + what
                    + ". Run ./hybridsr calibrate --out FILE on this machine and set profile=FILE, or set "
                    + "profile.mismatch=learn");
        case "learn" ->
            org.slf4j.LoggerFactory.getLogger(JobConfig.class)
                .warn(
                    "{}: these stages "
                        + "start from 1 s per unit and are learned from the job's own measurements",
                    what);
        default ->
            throw new IllegalArgumentException(
                source
                    + ": profile.mismatch must be fail or "
                    + "learn, got '"
                    + values.get("profile.mismatch")
                    + "'");
      }
    }
    return planner;
  }

  /** What the edge runs (from the edge's model settings) and what devices run by default. */
  public io.hybridsr.core.stage.RunnerSet runners(EdgeModelSpec edge) {
    RealEsrganModel device =
        RealEsrganModel.parse(values.get("device.sr.model"), source + ": device.sr.model");
    return new io.hybridsr.core.stage.RunnerSet(
        edge.generationRunner(),
        edge.edgeSrRunner(),
        io.hybridsr.core.stage.RunnerSet.runnerId(
            "realesrgan-" + device.shortName(),
            precision("device.sr.precision").id(),
            "cpu",
            integer("device.threads")),
        io.hybridsr.core.stage.RunnerSet.linkId(number("device.link.mbps") * 1e6));
  }

  public EdgeModelSpec edgeModels() {
    String sdxl = values.get("sdxl.dir");
    String models = values.get("models.dir");
    String edgeSr = values.get("edge.sr.model");
    RealEsrganModel model = RealEsrganModel.parse(edgeSr, source + ": edge.sr.model");
    String stableSr = values.get("stablesr.dir");
    return new EdgeModelSpec(
        sdxl.isEmpty() ? null : sdxl,
        models.isEmpty() ? null : models,
        integer("model.threads"),
        model,
        stableSr.isEmpty() ? null : stableSr,
        edgeSrPrecision(),
        number("edge.sr.max.psnr.loss.db"),
        provider());
  }

  private io.hybridsr.inference.onnx.ExecutionProvider provider() {
    try {
      return io.hybridsr.inference.onnx.ExecutionProvider.parse(
          values.get("edge.execution.provider"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          source + ": edge.execution.provider: " + e.getMessage(), e);
    }
  }

  private Precision precision(String key) {
    Precision p;
    try {
      p = Precision.parse(values.get(key));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + key + ": " + e.getMessage(), e);
    }
    if (p == Precision.FP16 && key.startsWith("device.")) {
      throw new IllegalArgumentException(
          source + ": " + key + ": fp16 is for GPUs; devices run on the CPU (use fp32 or int8)");
    }
    return p;
  }

  /** The edge SR slot's precision: fp16 only where the edge runs on CUDA. */
  private Precision edgeSrPrecision() {
    Precision p = precision("edge.sr.precision");
    if (p == Precision.FP16 && provider() == io.hybridsr.inference.onnx.ExecutionProvider.CPU) {
      throw new IllegalArgumentException(
          source
              + ": edge.sr.precision: fp16 is for GPUs, and edge.execution.provider is cpu (use"
              + " fp32 or int8, or set edge.execution.provider=cuda)");
    }
    return p;
  }

  public int marginPx() {
    int m = integer("patch.margin.px");
    if (m < 0) {
      throw new IllegalArgumentException(source + ": patch.margin.px must be >= 0, got " + m);
    }
    return m;
  }

  /** The generation sizes the edge warms up before its first task ({@code edge.warmup.targets}). */
  public EdgeWarmUp edgeWarmUp() {
    try {
      return EdgeWarmUp.parse(values.get("edge.warmup.targets"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
  }

  private Set<String> list(String key) {
    Set<String> out = new java.util.LinkedHashSet<>();
    for (String v : values.get(key).split(",")) {
      if (!v.isBlank()) {
        out.add(v.trim());
      }
    }
    return out;
  }

  private int integer(String key) {
    try {
      return Integer.parseInt(values.get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          source + ": " + key + " must be an integer, got '" + values.get(key) + "'");
    }
  }

  private double number(String key) {
    try {
      return Double.parseDouble(values.get(key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          source + ": " + key + " must be a number, got '" + values.get(key) + "'");
    }
  }

  private boolean bool(String key) {
    String v = values.get(key);
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(
          source + ": " + key + " must be true or false, got '" + v + "'");
    }
    return Boolean.parseBoolean(v);
  }
}
