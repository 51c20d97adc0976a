package io.hybridsr.app;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink MiniCluster in this JVM with the web dashboard, for the local job and the demo.
 *
 * <p>The REST endpoint binds to localhost unless told otherwise: the dashboard can cancel jobs.
 */
public final class LocalFlink {
  private LocalFlink() {}

  public static StreamExecutionEnvironment withDashboard(String bindAddress, int port, int slots) {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, bindAddress);
    conf.set(RestOptions.ADDRESS, bindAddress);
    conf.set(RestOptions.PORT, port);
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
  }

  public static String dashboardUrl(String bindAddress, int port) {
    return "http://" + ("0.0.0.0".equals(bindAddress) ? "localhost" : bindAddress) + ":" + port;
  }
}
