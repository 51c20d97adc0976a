package io.hybridsr.app.cli;

import io.hybridsr.app.bench.PipelineBenchmark;
import io.hybridsr.core.sim.PromptSource;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.operators.plan.SchedulerBatchPlanner;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hybridsr bench pipeline}: throughput and added latency of the streaming job. */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    header =
        "Throughput and latency of the streaming job (plan-only), or its overhead with models.",
    description = {
      "Measures the streaming job end to end on this machine: an in-JVM Kafka broker, the job on",
      "a local MiniCluster, a load generator sending PartiPrompts tasks at --rate for",
      "--warm-up-seconds and then --seconds without a break; only the tasks sent after the warm-up",
      "are measured (a steady state's figures; the warm-up's p99 is printed beside).",
      "Prints sustained throughput and arrival-to-plan latency (p50/p99/max).",
      "Targets (--plan-only): >= 5,000 tasks/s for 60 s, p99 < max wait + 50 ms."
    })
public final class BenchPipelineCommand implements Callable<Integer> {
  @Option(
      names = "--plan-only",
      description =
          "Ingest, window and schedule only (no models): "
              + "throughput and latency. Without it: per-task overhead with the models (SDXL stand-ins, "
              + "Real-ESRGAN), tasks one at a time")
  boolean planOnly;

  @Option(
      names = "--tasks",
      defaultValue = "8",
      description = "With models: tasks to time (default: ${DEFAULT-VALUE})")
  int tasks;

  @Option(
      names = "--size",
      defaultValue = "1920x1080",
      description = "With models: target size (default: ${DEFAULT-VALUE})")
  String size;

  @Option(
      names = "--edge-sr",
      defaultValue = "x4plus",
      description = "With models: edge SR slot, x4plus or x4fast (default: ${DEFAULT-VALUE})")
  String edgeSr;

  @Option(
      names = "--seconds",
      defaultValue = "60",
      description = "Measured duration (default: ${DEFAULT-VALUE})")
  double seconds;

  @Option(
      names = "--warm-up-seconds",
      defaultValue = "20",
      description =
          "Plan-only: seconds at the offered rate before the measured ones (default:"
              + " ${DEFAULT-VALUE})")
  double warmUpSeconds;

  @Option(
      names = "--rate",
      defaultValue = "5500",
      description = "Tasks per second offered (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(
      names = "--batch-size",
      defaultValue = "10",
      description = "K, tasks per window (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--max-wait-ms",
      defaultValue = "200",
      description = "Window's maximum wait (default: ${DEFAULT-VALUE})")
  long maxWaitMs;

  @Option(
      names = "--users",
      defaultValue = "1000",
      description = "Distinct users (default: ${DEFAULT-VALUE})")
  int users;

  @Option(
      names = "--edges",
      defaultValue = "4",
      description = "Edge servers, one window each (default: ${DEFAULT-VALUE})")
  int edges;

  @Option(
      names = "--checkpoint-ms",
      defaultValue = "10000",
      description = "Checkpoint interval (default: ${DEFAULT-VALUE}, the job's)")
  long checkpointMs;

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Flink parallelism (default: ${DEFAULT-VALUE})")
  int parallelism;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String bad =
        !(rate > 0)
            ? "--rate must be > 0, got " + rate
            : !(seconds > 0)
                ? "--seconds must be > 0, got " + seconds
                : !(warmUpSeconds >= 0)
                    ? "--warm-up-seconds must be >= 0, got " + warmUpSeconds
                    : tasks < 1 || batchSize < 1 || users < 1 || edges < 1 || parallelism < 1
                        ? "--tasks, --batch-size, --users, --edges and --parallelism must be >= 1"
                        : maxWaitMs < 0 || checkpointMs < 1
                            ? "--max-wait-ms must be >= 0 and --checkpoint-ms >= 1"
                            : null;
    if (bad != null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), bad);
    }
    if (!planOnly) {
      return withModels();
    }
    System.out.printf(
        "bench pipeline (plan-only): %.0f tasks/s offered for %.0f s after %.0f s of warm-up,"
            + " K=%d, max wait %d ms, %d edges, parallelism %d, %d cores%n",
        rate,
        seconds,
        warmUpSeconds,
        batchSize,
        maxWaitMs,
        edges,
        parallelism,
        Runtime.getRuntime().availableProcessors());
    JobOptions.Builder o =
        JobOptions.builder()
            .batchSize(batchSize)
            .maxWait(Duration.ofMillis(maxWaitMs))
            .parallelism(parallelism)
            .groupId("hybridsr-job-bench")
            .checkpointInterval(Duration.ofMillis(checkpointMs));
    PipelineBenchmark.Result r =
        new PipelineBenchmark(System.out)
            .run(
                new SchedulerBatchPlanner(null, 1.0, 42),
                o,
                PromptSource.partiPrompts(),
                rate,
                warmUpSeconds,
                seconds,
                users,
                edges);
    double target = maxWaitMs + 50;
    System.out.println();
    System.out.printf("%-34s %,12d%n", "tasks sent", r.sent());
    System.out.printf("%-34s %,12d%n", "tasks planned", r.planned());
    System.out.printf(
        "%-34s %,12.0f   (target >= 5,000: %s)%n",
        "sustained throughput (tasks/s)",
        r.tasksPerSecond(),
        r.tasksPerSecond() >= 5000 ? "met" : "MISSED");
    System.out.printf("%-34s %,12.1f%n", "arrival-to-plan p50 (ms)", r.p50Ms());
    System.out.printf(
        "%-34s %,12.1f   (target < %.0f: %s)%n",
        "arrival-to-plan p99 (ms)", r.p99Ms(), target, r.p99Ms() < target ? "met" : "MISSED");
    System.out.printf("%-34s %,12.1f%n", "arrival-to-plan max (ms)", r.maxMs());
    System.out.printf(
        "%-34s %,12.1f   (not a target: the step up to the offered rate)%n",
        "warm-up's p99 (ms)", r.warmUpP99Ms());
    System.out.printf("%-34s %,12d%n", "send errors", r.sendErrors());
    System.out.printf("%-34s %,12d%n", "duplicate outcomes", r.duplicates());
    return r.planned() == r.sent() ? 0 : 1;
  }

  private int withModels() throws Exception {
    String[] wh = size.toLowerCase(java.util.Locale.ROOT).split("x");
    io.hybridsr.inference.store.RealEsrganModel m =
        io.hybridsr.inference.store.RealEsrganModel.parse(edgeSr, "--edge-sr");
    var spec =
        new io.hybridsr.operators.edge.EdgeModelSpec(
            null, null, Runtime.getRuntime().availableProcessors(), m);
    System.out.printf(
        "bench pipeline (models): %d tasks of %s one at a time, K=1; SDXL stand-ins, "
            + "edge SR Real-ESRGAN %s (real weights), %d cores%n",
        tasks, size, edgeSr, Runtime.getRuntime().availableProcessors());
    var samples =
        new io.hybridsr.app.bench.EdgeOverheadBenchmark(System.out)
            .run(
                spec,
                PromptSource.partiPrompts(),
                tasks,
                Integer.parseInt(wh[0]),
                Integer.parseInt(wh[1]));
    double model = samples.stream().mapToDouble(s -> s.generationMs() + s.edgeSrMs()).sum();
    double rest = samples.stream().mapToDouble(s -> s.overheadMs()).sum();
    double ratio = rest / model;
    System.out.printf(
        "%npipeline overhead (everything but SDXL and partition/edge SR): %.1f ms per task, "
            + "%.2f%% of model time (target < 5%%: %s)%n",
        rest / samples.size(), 100 * ratio, ratio < 0.05 ? "met" : "MISSED");
    System.out.printf(
        "  of which: in %.1f ms (sent -> parsed by the job), job %.1f ms (parsed -> patches"
            + " stamped, less SDXL and edge SR: window, schedule, hand-offs, partition), out %.1f ms"
            + " (stamped -> last patch received: routing, serialisation, Kafka sink, the device's"
            + " fetch)%n",
        samples.stream().mapToDouble(s -> s.inMs()).average().orElse(0),
        samples.stream().mapToDouble(s -> s.jobMs()).average().orElse(0),
        samples.stream().mapToDouble(s -> s.outMs()).average().orElse(0));
    return 0;
  }
}
