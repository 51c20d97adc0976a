package io.hybridsr.app;

import io.hybridsr.core.stage.Stage;
import io.hybridsr.jobs.EdgeStage;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.kafka.records.Measurement;
import io.hybridsr.operators.plan.PlannedTask;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * An edge whose runners have a known speed: generation takes {@code a + b x units} seconds of the
 * planned work (mega cell-steps), edge SR {@code c + d x units} (input megapixels), really spent
 * (slept) one task at a time, like one GPU slot; its service times are measured with a clock and
 * fed back like the real edge's. {@link #slowdown} makes it slower mid-run. No patches.
 *
 * <p>The MiniCluster runs in the test's JVM, so the static fields are the test's view of the
 * runner: what it really took per task, and the knob that slows it.
 */
final class PacedEdgeStage implements EdgeStage {
  private static final long serialVersionUID = 1L;

  /** Measured generation seconds per task id. */
  static final Map<String, Double> GENERATION_SECONDS = new ConcurrentHashMap<>();

  /** Multiplies every service time from now on. */
  static volatile double slowdown = 1;

  private final String generationRunner;
  private final String edgeSrRunner;
  private final double[] generation;
  private final double[] edgeSr;

  /**
   * @param generation {a, b}: seconds = a + b x mega cell-steps; @param edgeSr {c, d} likewise
   */
  PacedEdgeStage(
      String generationRunner, double[] generation, String edgeSrRunner, double[] edgeSr) {
    this.generationRunner = generationRunner;
    this.edgeSrRunner = edgeSrRunner;
    this.generation = generation.clone();
    this.edgeSr = edgeSr.clone();
  }

  @Override
  public Streams attach(DataStream<PlannedTask> planned, JobOptions options) {
    DataStream<Measurement> measured =
        planned
            .process(new Serve(generationRunner, generation, edgeSrRunner, edgeSr))
            .name("paced edge (known speed)");
    return new Streams(NoEdgeStage.noPatches(planned), NoEdgeStage.noFailures(planned), measured);
  }

  private static final class Serve extends ProcessFunction<PlannedTask, Measurement> {
    private static final long serialVersionUID = 1L;
    private final String genRunner;
    private final double[] gen;
    private final String srRunner;
    private final double[] sr;

    Serve(String genRunner, double[] gen, String srRunner, double[] sr) {
      this.genRunner = genRunner;
      this.gen = gen;
      this.srRunner = srRunner;
      this.sr = sr;
    }

    @Override
    public void processElement(PlannedTask p, Context ctx, Collector<Measurement> out)
        throws Exception {
      String edge = p.task.edgeId();
      double u = p.work.units(Stage.GENERATION);
      double took = spend(slowdown * (gen[0] + gen[1] * u));
      GENERATION_SECONDS.put(p.task.taskId(), took);
      out.collect(
          new Measurement(
              edge,
              p.task.taskId(),
              edge,
              Stage.GENERATION.key(),
              genRunner,
              u,
              p.work.units2(Stage.GENERATION),
              took,
              System.currentTimeMillis()));
      double su = p.work.units(Stage.EDGE_SR);
      if (su > 0) {
        double srTook = spend(slowdown * (sr[0] + sr[1] * su));
        out.collect(
            new Measurement(
                edge,
                p.task.taskId(),
                edge,
                Stage.EDGE_SR.key(),
                srRunner,
                su,
                p.work.units2(Stage.EDGE_SR),
                srTook,
                System.currentTimeMillis()));
      }
      out.collect(
          new Measurement(
              edge,
              p.task.taskId(),
              edge,
              Measurement.EDGE_DONE,
              srRunner,
              0,
              0,
              0,
              System.currentTimeMillis()));
    }

    /** Sleeps {@code seconds}; returns the seconds it measured. */
    private static double spend(double seconds) throws InterruptedException {
      long t0 = System.nanoTime();
      Thread.sleep(Math.round(seconds * 1000));
      return (System.nanoTime() - t0) / 1e9;
    }
  }
}
