package io.hybridsr.jobs;

import io.hybridsr.kafka.TopicAdmin;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Entry point for a real Flink cluster ({@code flink run}, or the Kubernetes operator's
 * application mode): {@code --bootstrap HOST:PORT [--config FILE]}. The cluster provides the
 * environment; settings come from the same properties keys as {@code ./hybridsr job --config}.
 */
public final class FlinkJobMain {
  private FlinkJobMain() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = null;
    Path config = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--bootstrap" -> bootstrap = value(args, ++i, "--bootstrap");
        case "--config" -> config = Path.of(value(args, ++i, "--config"));
        default -> throw new IllegalArgumentException(
            "unknown argument '" + args[i] + "'; usage: --bootstrap HOST:PORT [--config FILE]");
      }
    }
    if (bootstrap == null) {
      throw new IllegalArgumentException("--bootstrap HOST:PORT is required");
    }
    JobConfig cfg = JobConfig.load(config);
    Map<String, Object> client =
        io.hybridsr.kafka.security.ClientPropertiesFile.fromEnvironment().orElse(Map.of());
    Map<String, String> kafkaProps = new java.util.LinkedHashMap<>();
    client.forEach((k, v) -> kafkaProps.put(k, String.valueOf(v)));
    JobOptions options = cfg.jobOptions(bootstrap, kafkaProps);
    try (TopicAdmin admin = TopicAdmin.forBootstrap(bootstrap, client)) {
      admin.ensureFixedTopics();
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(options.parallelism);
    HybridSrJob.wireKafka(env, options, cfg.planner(), new GpuEdgeStage(cfg.edgeModels(), cfg.marginPx()));
    env.execute("hybridsr");
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
