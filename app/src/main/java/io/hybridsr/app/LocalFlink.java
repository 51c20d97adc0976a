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

  /**
   * Waits until every vertex of job {@code jobId} is RUNNING, as the dashboard's REST API reports
   * it: its operators have opened (the edge's models loaded and warmed up). Returns whether it did
   * within {@code timeout}.
   */
  public static boolean awaitRunning(String dashboardUrl, String jobId, java.time.Duration timeout)
      throws InterruptedException {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    java.net.URI uri = java.net.URI.create(dashboardUrl + "/jobs/" + jobId);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        java.net.http.HttpResponse<String> r =
            http.send(
                java.net.http.HttpRequest.newBuilder(uri).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          com.fasterxml.jackson.databind.JsonNode vertices =
              json.readTree(r.body()).path("vertices");
          boolean all = vertices.size() > 0;
          for (com.fasterxml.jackson.databind.JsonNode v : vertices) {
            all &= "RUNNING".equals(v.path("status").asText());
          }
          if (all) {
            return true;
          }
        }
      } catch (java.io.IOException e) {
        // the REST endpoint is not up yet: ask again
      }
      Thread.sleep(200);
    }
    return false;
  }

  public static String dashboardUrl(String bindAddress, int port) {
    return "http://" + ("0.0.0.0".equals(bindAddress) ? "localhost" : bindAddress) + ":" + port;
  }
}
