package io.hybridsr.app.cli;

import io.hybridsr.app.fuzz.FuzzRun;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hybridsr fuzz}: bad input against the real broker and job. */
@Command(
    name = "fuzz",
    mixinStandardHelpOptions = true,
    header =
        "Sends bad task records mixed with good ones through the broker and job; counts losses.",
    description = {
      "Sends --records generated bad task records (not JSON, wrong types, missing or unknown",
      "fields, lambda out of range, bad sizes, empty/huge/control-character prompts, unknown",
      "devices and edges, duplicate task ids, oversized records) mixed with --good good ones",
      "through the in-JVM broker and the job (plan-only, restarts disallowed). Every bad record",
      "must land in hybridsr.tasks.dlq with a reason, every good one get its answer, the job",
      "keep running. Ends with: sent S, bad B, dead-lettered D, answered A, lost L, duplicates U"
    })
public final class FuzzCommand implements Callable<Integer> {
  @Option(
      names = "--records",
      defaultValue = "10000",
      description = "Bad records (default: ${DEFAULT-VALUE})")
  int records;

  @Option(
      names = "--good",
      defaultValue = "1000",
      description = "Good records mixed in (default: ${DEFAULT-VALUE})")
  int good;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Generator seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    FuzzRun.Report r;
    try (ProgressBar bar = Progress.bar("records back", records + good)) {
      r = new FuzzRun().run(records, good, seed, env, bar::stepTo);
    }
    System.out.println("bad records by kind, with a sample reason from the DLQ:");
    for (Map.Entry<String, Long> e : r.badByKind().entrySet()) {
      System.out.printf(
          "  %-28s %6d  %s%n",
          e.getKey(),
          e.getValue(),
          r.sampleReasons().getOrDefault(e.getKey(), "(none dead-lettered)"));
    }
    System.out.println("good records dead-lettered by mistake: " + r.misrouted());
    System.out.println("job still running (no restart allowed): " + r.jobRunning());
    System.out.println(r.line());
    return r.lost() == 0 && r.duplicates() == 0 && r.misrouted() == 0 && r.jobRunning() ? 0 : 1;
  }
}
