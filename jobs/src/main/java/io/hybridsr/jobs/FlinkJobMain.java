package io.hybridsr.jobs;

import io.hybridsr.kafka.TopicAdmin;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Entry point for a real Flink cluster ({@code flink run}, or the Kubernetes operator's application
 * mode): {@code --bootstrap HOST:PORT [--config FILE]}. The cluster provides the environment;
 * settings come from the same properties keys as {@code ./hybridsr job --config}, and from {@code
 * HYBRIDSR_<KEY>} variables of the process that runs this main (the JobManager, in application
 * mode; {@link JobConfig#load(java.nio.file.Path, java.util.Map)}).
 */
public final class FlinkJobMain {
  private FlinkJobMain() {}

  /** What the command line says. */
  record Args(String bootstrap, Path config, ParameterTool params) {}

  /** Parses {@code --bootstrap HOST:PORT [--config FILE]} with Flink's own parser. */
  static Args parse(String[] args) {
    ParameterTool params = ParameterTool.fromArgs(args);
    java.util.Set<String> unknown = new java.util.TreeSet<>(params.toMap().keySet());
    unknown.removeAll(java.util.Set.of("bootstrap", "config"));
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown argument(s) " + unknown + "; " + USAGE);
    }
    String bootstrap = value(params, "bootstrap");
    if (bootstrap == null) {
      throw new IllegalArgumentException("--bootstrap HOST:PORT is required; " + USAGE);
    }
    String config = value(params, "config");
    return new Args(bootstrap, config == null ? null : Path.of(config), params);
  }

  private static final String USAGE = "usage: --bootstrap HOST:PORT [--config FILE]";

  private static String value(ParameterTool params, String key) {
    if (!params.has(key)) {
      return null;
    }
    String v = params.get(key); // a flag without a value reads as Flink's "__NO_VALUE_KEY"
    if (v == null || v.equals("__NO_VALUE_KEY") || v.isBlank()) {
      throw new IllegalArgumentException("--" + key + " needs a value; " + USAGE);
    }
    return v;
  }

  public static void main(String[] argv) throws Exception {
    Args args = parse(argv);
    String bootstrap = args.bootstrap();
    Path config = args.config();
    JobConfig cfg = JobConfig.load(config, System.getenv());
    Map<String, Object> client =
        io.hybridsr.kafka.security.ClientPropertiesFile.fromEnvironment().orElse(Map.of());
    Map<String, String> kafkaProps = new java.util.LinkedHashMap<>();
    client.forEach((k, v) -> kafkaProps.put(k, String.valueOf(v)));
    JobOptions options = cfg.jobOptions(bootstrap, kafkaProps);
    try (TopicAdmin admin = TopicAdmin.forBootstrap(bootstrap, client)) {
      admin.ensureFixedTopics();
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    // Shown in the dashboard's job configuration.
    env.getConfig().setGlobalJobParameters(args.params());
    env.setParallelism(options.parallelism);
    HybridSrJob.wireKafka(
        env,
        options,
        cfg.planner(),
        new GpuEdgeStage(cfg.edgeModels(), cfg.marginPx(), cfg.edgeWarmUp()));
    env.execute("hybridsr");
  }
}
