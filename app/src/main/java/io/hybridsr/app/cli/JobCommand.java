package io.hybridsr.app.cli;

import io.hybridsr.app.LocalFlink;
import io.hybridsr.jobs.GpuEdgeStage;
import io.hybridsr.jobs.HybridSrJob;
import io.hybridsr.jobs.JobConfig;
import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.broker.EmbeddedKafkaBroker;
import io.hybridsr.kafka.security.ClientPropertiesFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hybridsr job}: the streaming job on a local MiniCluster with its dashboard. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    header = "Runs the streaming job on a local Flink MiniCluster with its dashboard.",
    description = {
      "Runs the streaming job on a local Flink MiniCluster with the web dashboard:",
      "tasks from Kafka (hybridsr.tasks) -> per-edge count-or-timeout window -> simulated",
      "annealing under Cmax/C'max/L0 -> SDXL generation -> variance partition + edge SR ->",
      "patches on hybridsr.device.<id>, outcomes on hybridsr.results (with the devices' own",
      "outcomes from hybridsr.outcomes.<id>, relayed when the task was planned for that device),",
      "bad records on hybridsr.tasks.dlq. Without --bootstrap it starts a Kafka broker in this JVM.",
      "Kafka client settings (e.g. SASL for the hybridsr-job principal) come from the properties",
      "file named by HYBRIDSR_KAFKA_PROPERTIES when it is set (docs/security.md).",
      "To run on a real Flink cluster instead, see docs/streaming.md (Running the job) and docs/deploy.md."
    })
public final class JobCommand implements Callable<Integer> {
  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (default: an in-JVM broker on --broker-port)")
  String bootstrap;

  @Option(
      names = "--broker-port",
      defaultValue = "9092",
      description =
          "Port of the in-JVM broker when no --bootstrap is given (default: ${DEFAULT-VALUE})")
  int brokerPort;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Job settings as a properties file (keys and defaults: docs/streaming.md, Settings);"
              + " HYBRIDSR_<KEY> variables (e.g. HYBRIDSR_GPU_SLOTS=2) override it, flags override both")
  Path config;

  @Option(
      names = "--plan-only",
      description =
          "Ingest, validate, window and schedule only; write the plans to hybridsr.results")
  boolean planOnly;

  @Option(
      names = "--web-port",
      defaultValue = "8081",
      description = "Flink dashboard port (default: ${DEFAULT-VALUE})")
  int webPort;

  @Option(
      names = "--bind",
      defaultValue = "localhost",
      description = "Address the dashboard binds to (default: ${DEFAULT-VALUE})")
  String bind;

  @Override
  public Integer call() throws Exception {
    LogFile.announce(System.out);
    JobConfig cfg;
    io.hybridsr.operators.edge.EdgeModelSpec edge;
    io.hybridsr.operators.plan.BatchPlanner planner;
    GpuEdgeStage edgeStage;
    try {
      cfg = JobConfig.load(config, System.getenv());
      if (planOnly) {
        cfg = cfg.with("plan.only", "true");
      }
      if (cfg.get("checkpoint.dir").isEmpty()) {
        cfg = cfg.with("checkpoint.dir", io.hybridsr.jobs.JobOptions.localCheckpointDir());
      }
      // what the job is built from, read before anything starts: a bad setting is an error now
      edge = cfg.edgeModels();
      planner = cfg.planner();
      edgeStage = new GpuEdgeStage(edge, cfg.marginPx(), cfg.edgeWarmUp());
    } catch (java.nio.file.NoSuchFileException e) {
      System.err.println("hybridsr job: --config " + config + ": no such file");
      return SrCliSupport.EXIT_BAD_INPUT;
    } catch (java.io.IOException | IllegalArgumentException e) {
      System.err.println("hybridsr job: " + e.getMessage());
      return SrCliSupport.EXIT_BAD_INPUT;
    }
    EmbeddedKafkaBroker broker = null;
    String servers = bootstrap;
    Map<String, Object> client = ClientPropertiesFile.fromEnvironment().orElse(Map.of());
    if (servers == null) {
      broker = EmbeddedKafkaBroker.builder().port(brokerPort).build().start();
      servers = broker.bootstrapServers();
      System.out.println("Kafka (in-JVM broker, KRaft, unsecured, for local use): " + servers);
    }
    try (TopicAdmin admin = TopicAdmin.forBootstrap(servers, client)) {
      admin.ensureFixedTopics();
    }
    Map<String, String> kafkaProps = new java.util.LinkedHashMap<>();
    client.forEach((k, v) -> kafkaProps.put(k, String.valueOf(v)));
    var options = cfg.jobOptions(servers, kafkaProps);
    StreamExecutionEnvironment env = LocalFlink.withDashboard(bind, webPort, 4);
    env.setParallelism(options.parallelism);
    HybridSrJob.wireKafka(env, options, planner, edgeStage);
    JobClient job = env.executeAsync("hybridsr");
    System.out.println("Flink dashboard: " + LocalFlink.dashboardUrl(bind, webPort));
    System.out.println(
        "Job "
            + job.getJobID()
            + " running"
            + (options.planOnly ? " (plan-only)" : "")
            + "; SDXL "
            + (edge.sdxlIsStandIn() ? "stand-in models" : "from " + edge.sdxlDir())
            + "; edge SR slot: "
            + edge.edgeSrDescription()
            + ". Ctrl-C stops it.");
    final EmbeddedKafkaBroker b = broker;
    java.util.concurrent.atomic.AtomicBoolean stopping =
        new java.util.concurrent.atomic.AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  try {
                    job.cancel().get();
                  } catch (Exception ignored) {
                    // Shutting down anyway.
                  }
                  if (b != null) {
                    b.close();
                  }
                }));
    try {
      job.getJobExecutionResult().get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (!stopping.get()) {
        throw e;
      }
      // Ctrl-C or SIGTERM: the shutdown hook cancelled the job, as asked
      System.out.println("Job " + job.getJobID() + " cancelled: stopped.");
    }
    return 0;
  }
}
