package io.hybridsr.jobs;

import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.records.Measurement;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.kafka.records.PatchRecord;
import io.hybridsr.operators.ingest.AdmissionFunction;
import io.hybridsr.operators.ingest.ArrivedTask;
import io.hybridsr.operators.ingest.ParseTaskFunction;
import io.hybridsr.operators.kafka.DeadLetter;
import io.hybridsr.operators.kafka.DeadLetterSerializer;
import io.hybridsr.operators.kafka.MeasurementSerializer;
import io.hybridsr.operators.kafka.OutcomeSerializer;
import io.hybridsr.operators.kafka.ParseMeasurementFunction;
import io.hybridsr.operators.kafka.PatchRecordSerializer;
import io.hybridsr.operators.kafka.RawRecord;
import io.hybridsr.operators.kafka.RawRecordDeserializer;
import io.hybridsr.operators.outcome.DeviceOutcome;
import io.hybridsr.operators.outcome.ParseDeviceOutcomeFunction;
import io.hybridsr.operators.outcome.RelayDeviceOutcomeFunction;
import io.hybridsr.operators.plan.BatchPlanner;
import io.hybridsr.operators.plan.CollectBatchFunction;
import io.hybridsr.operators.plan.PlanBatchFunction;
import io.hybridsr.operators.plan.PlannedOutcomes;
import io.hybridsr.operators.plan.PlannedTask;
import io.hybridsr.operators.plan.TaskBatch;
import io.hybridsr.operators.window.CountOrTimeoutTrigger;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.GlobalWindows;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The hybridsr streaming job: tasks from Kafka, validated (bad ones to the dead-letter topic),
 * windowed per edge server, scheduled together, then generated, partitioned and super-resolved on
 * the edge, with patches routed to each device's topic. Devices report on their own outcome topics;
 * the job relays an outcome to {@code hybridsr.results} only when the task was planned for the
 * device that wrote it (forged or malformed ones are dead-lettered).
 *
 * <p>{@link #buildGraph} takes its input as a stream and returns its outputs, so tests can drive it
 * with in-memory data ({@code HybridSrJobGraphTest} does, on a MiniCluster); {@link #wireKafka}
 * connects it to a cluster.
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
 * HybridSrJob.wireKafka(env, options, planner, edge);
 * env.execute("hybridsr");
 * }</pre>
 */
public final class HybridSrJob {
  private HybridSrJob() {}

  /** The job's output streams. */
  public record Outputs(
      DataStream<DeadLetter> deadLetters,
      DataStream<Outcome> outcomes,
      DataStream<PlannedTask> planned,
      DataStream<PatchRecord> patches,
      DataStream<Measurement> measurements) {}

  /** Builds everything between the raw task records and the outputs, without device outcomes. */
  public static Outputs buildGraph(
      DataStream<RawRecord> raw, JobOptions o, BatchPlanner planner, EdgeStage edge) {
    return buildGraph(raw, null, null, o, planner, edge);
  }

  /**
   * Builds everything between the raw records and the outputs. {@code deviceOutcomes} (records of
   * the {@code hybridsr.outcomes.<id>} topics, or null for none) are checked against the job's
   * plans: the genuine ones join {@link Outputs#outcomes()}, the others the dead letters.
   */
  public static Outputs buildGraph(
      DataStream<RawRecord> raw,
      DataStream<RawRecord> deviceOutcomes,
      DataStream<Measurement> feedback,
      JobOptions o,
      BatchPlanner planner,
      EdgeStage edge) {
    SingleOutputStreamOperator<ArrivedTask> tasks =
        raw.process(new ParseTaskFunction(o.maxRecordBytes))
            .name("parse and validate")
            .uid("parse");
    SingleOutputStreamOperator<ArrivedTask> admitted =
        tasks
            .keyBy(ArrivedTask::taskId)
            .process(new AdmissionFunction(o.knownDevices, o.knownEdges, o.duplicateWindow))
            .name("admit (duplicates, unknown devices)")
            .uid("admit");
    DataStream<DeadLetter> deadLetters =
        tasks
            .getSideOutput(ParseTaskFunction.DEAD_LETTERS)
            .union(admitted.getSideOutput(ParseTaskFunction.DEAD_LETTERS));

    SingleOutputStreamOperator<TaskBatch> batches =
        admitted
            .keyBy(ArrivedTask::edgeId)
            .window(GlobalWindows.create())
            .trigger(CountOrTimeoutTrigger.of(o.batchSize, o.maxWait))
            .process(new CollectBatchFunction())
            .name("window of concurrent users (count or timeout)")
            .uid("window");
    // The planner learns from what the edge and devices measured; without feedback (plan-only,
    // in-memory tests) it plans with its profile alone.
    DataStream<Measurement> measured =
        feedback != null
            ? feedback
            : batches
                .flatMap((TaskBatch b, Collector<Measurement> c) -> {})
                .returns(Measurement.class)
                .name("no feedback")
                .uid("no-feedback");
    KeySelector<TaskBatch, String> batchEdge = b -> b.edgeId;
    KeySelector<Measurement, String> measuredEdge = Measurement::edgeId;
    SingleOutputStreamOperator<PlannedTask> planned =
        batches
            .keyBy(batchEdge, Types.STRING)
            .connect(measured.keyBy(measuredEdge, Types.STRING))
            .process(new PlanBatchFunction(planner))
            .name("schedule (SA on learned speeds and backlog; admission)")
            .uid("schedule");

    SingleOutputStreamOperator<Outcome> plannedOutcomes =
        planned
            .map(PlannedOutcomes::planned)
            .returns(TypeInformation.of(Outcome.class))
            .name("planned outcome")
            .uid("planned-outcome");
    DataStream<Outcome> outcomes =
        plannedOutcomes.union(planned.getSideOutput(PlanBatchFunction.REJECTED));
    DataStream<PatchRecord> patches = null;
    DataStream<Measurement> measurements = null;
    if (!o.planOnly) {
      EdgeStage.Streams s = edge.attach(planned, o);
      patches = s.patches();
      outcomes = outcomes.union(s.failures());
      measurements = s.measurements();
    }
    if (deviceOutcomes != null) {
      SingleOutputStreamOperator<DeviceOutcome> parsed =
          deviceOutcomes
              .process(new ParseDeviceOutcomeFunction())
              .name("parse device outcomes")
              .uid("parse-device-outcomes");
      KeySelector<Outcome, String> planKey = Outcome::taskId;
      KeySelector<DeviceOutcome, String> outcomeKey = d -> d.outcome.taskId();
      SingleOutputStreamOperator<Outcome> relayed =
          plannedOutcomes
              .keyBy(planKey, Types.STRING)
              .connect(parsed.keyBy(outcomeKey, Types.STRING))
              .process(new RelayDeviceOutcomeFunction(o.deviceOutcomeWait, o.duplicateWindow))
              .returns(TypeInformation.of(Outcome.class))
              .name("relay device outcomes planned for their device")
              .uid("relay-device-outcomes");
      outcomes = outcomes.union(relayed);
      deadLetters =
          deadLetters.union(
              parsed.getSideOutput(ParseTaskFunction.DEAD_LETTERS),
              relayed.getSideOutput(ParseTaskFunction.DEAD_LETTERS));
      DataStream<Measurement> device =
          relayed.getSideOutput(RelayDeviceOutcomeFunction.MEASUREMENTS);
      measurements = measurements == null ? device : measurements.union(device);
    }
    return new Outputs(deadLetters, outcomes, planned, patches, measurements);
  }

  /**
   * Reads {@code hybridsr.tasks} and (unless plan-only) the device outcome topics, and writes the
   * DLQ, results and device topics.
   */
  // The Kafka connector's committedOffsets takes kafka-clients' OffsetResetStrategy, deprecated in
  // kafka-clients 4 for AutoOffsetResetStrategy, which the connector has no overload for yet.
  @SuppressWarnings("deprecation")
  public static void wireKafka(
      StreamExecutionEnvironment env, JobOptions o, BatchPlanner planner, EdgeStage edge) {
    if (o.bootstrapServers == null) {
      throw new IllegalArgumentException("job option bootstrapServers: required to read Kafka");
    }
    configureFaultTolerance(env, o);
    java.util.Properties kafkaProps = new java.util.Properties();
    kafkaProps.putAll(o.kafkaProperties);
    KafkaSource<RawRecord> source =
        KafkaSource.<RawRecord>builder()
            .setProperties(kafkaProps)
            .setBootstrapServers(o.bootstrapServers)
            .setTopics(Topics.TASKS)
            .setGroupId(o.groupId)
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new RawRecordDeserializer())
            .build();
    DataStream<RawRecord> raw =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "tasks from Kafka")
            .uid("kafka-tasks");
    DataStream<RawRecord> deviceOutcomes = null;
    if (!o.planOnly) {
      // Every hybridsr.outcomes.<id>, including devices that appear while the job runs.
      KafkaSource<RawRecord> outcomeSource =
          KafkaSource.<RawRecord>builder()
              .setProperties(kafkaProps)
              .setBootstrapServers(o.bootstrapServers)
              .setTopicPattern(Topics.DEVICE_OUTCOME_TOPICS)
              .setGroupId(o.groupId)
              .setClientIdPrefix(o.groupId + "-device-outcomes")
              .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
              .setProperty(
                  "partition.discovery.interval.ms",
                  String.valueOf(o.outcomeTopicDiscovery.toMillis()))
              .setDeserializer(new RawRecordDeserializer())
              .build();
      deviceOutcomes =
          env.fromSource(
                  outcomeSource, WatermarkStrategy.noWatermarks(), "device outcomes from Kafka")
              .uid("kafka-device-outcomes");
    }
    DataStream<Measurement> feedback = null;
    if (!o.planOnly) {
      // The job's own measurements, read back: Kafka closes the loop from the GPU operators and
      // the outcome relay to the planner upstream of them (a DataStream graph has no cycles).
      KafkaSource<RawRecord> measurementSource =
          KafkaSource.<RawRecord>builder()
              .setProperties(kafkaProps)
              .setBootstrapServers(o.bootstrapServers)
              .setTopics(Topics.MEASUREMENTS)
              .setGroupId(o.groupId)
              .setClientIdPrefix(o.groupId + "-measurements")
              .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST))
              .setDeserializer(new RawRecordDeserializer())
              .build();
      feedback =
          env.fromSource(
                  measurementSource, WatermarkStrategy.noWatermarks(), "measurements from Kafka")
              .uid("kafka-measurements")
              .flatMap(new ParseMeasurementFunction())
              .name("parse measurements")
              .uid("parse-measurements");
    }
    Outputs out = buildGraph(raw, deviceOutcomes, feedback, o, planner, edge);
    out.deadLetters().sinkTo(sink(o, new DeadLetterSerializer())).name("dead letters").uid("dlq");
    out.outcomes().sinkTo(sink(o, new OutcomeSerializer())).name("results").uid("results");
    if (out.patches() != null) {
      out.patches()
          .map(
              new io.hybridsr.operators.kafka.EnsureDeviceTopics(
                  o.bootstrapServers, o.kafkaProperties))
          .name("create device topics on demand")
          .uid("device-topic-admin")
          .sinkTo(sink(o, new PatchRecordSerializer()))
          .name("device topics")
          .uid("device-topics");
    }
    if (out.measurements() != null) {
      // Keyed by edge, so each edge's measurements reach Kafka through one writer, in the order
      // they were made: a device's stage measurements before its DONE, which retires the task's
      // plan (whose units the planner learns them with). Spread round-robin over several writers,
      // a DONE could overtake them and the foreground link was never learned.
      out.measurements()
          .keyBy(Measurement::edgeId)
          .sinkTo(sink(o, new MeasurementSerializer()))
          .name("measurements (feedback to the planner)")
          .uid("measurements");
    }
  }

  /**
   * Checkpoints (exactly-once state, aligned with the source offsets) and a fixed-delay restart
   * strategy. Sinks are at-least-once: after a recovery some patches and PLANNED outcomes are
   * written again, and consumers are idempotent by task and patch id (see docs/reliability.md).
   */
  public static void configureFaultTolerance(StreamExecutionEnvironment env, JobOptions o) {
    // Flink holds records in network buffers for up to 100 ms by default to fill them; a task is
    // a few hundred bytes and users wait on it, so flush soon.
    env.setBufferTimeout(o.bufferTimeout.toMillis());
    env.enableCheckpointing(
        o.checkpointInterval.toMillis(),
        org.apache.flink.core.execution.CheckpointingMode.EXACTLY_ONCE);
    org.apache.flink.configuration.Configuration c =
        new org.apache.flink.configuration.Configuration();
    c.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    c.set(
        org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
        o.restartAttempts);
    c.set(
        org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
        o.restartDelay);
    if (o.checkpointDir != null) {
      c.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      c.set(
          org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY,
          o.checkpointDir);
    }
    env.configure(c);
  }

  private static <T> KafkaSink<T> sink(JobOptions o, KafkaRecordSerializationSchema<T> schema) {
    java.util.Properties props = new java.util.Properties();
    props.putAll(o.kafkaProperties);
    return KafkaSink.<T>builder()
        .setKafkaProducerConfig(props)
        .setBootstrapServers(o.bootstrapServers)
        .setRecordSerializer(schema)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setProperty("max.request.size", String.valueOf(Topics.MAX_PATCH_RECORD_BYTES))
        .setProperty("linger.ms", "5")
        .build();
  }
}
