package io.hybridsr.app.demo;

import io.hybridsr.app.LocalFlink;
import io.hybridsr.core.stage.Colocation;
import io.hybridsr.core.task.Task;
import io.hybridsr.core.task.TaskJson;
import io.hybridsr.device.DeviceConfig;
import io.hybridsr.device.DeviceConsumer;
import io.hybridsr.inference.SuperResolver;
import io.hybridsr.jobs.GpuEdgeStage;
import io.hybridsr.jobs.HybridSrJob;
import io.hybridsr.jobs.JobOptions;
import io.hybridsr.kafka.TopicAdmin;
import io.hybridsr.kafka.Topics;
import io.hybridsr.kafka.broker.EmbeddedKafkaBroker;
import io.hybridsr.kafka.records.JsonCodec;
import io.hybridsr.kafka.records.Outcome;
import io.hybridsr.kafka.security.AclModel;
import io.hybridsr.kafka.security.ClientSecurity;
import io.hybridsr.kafka.security.KafkaSecurity;
import io.hybridsr.operators.edge.EdgeGpuFunction;
import io.hybridsr.operators.edge.EdgeModelSpec;
import io.hybridsr.operators.plan.SchedulerBatchPlanner;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Everything on one machine: the in-JVM broker, the job on a MiniCluster with its dashboard,
 * several device consumers, and a load generator sending PartiPrompts tasks from K users.
 */
public final class Demo {
  /** The demo job's L0, as the job's default {@code latency.bound.s}. */
  public static final double LATENCY_BOUND_SECONDS = 60;

  /** The share of L0 kept for prediction error, as the job's default {@code admission.headroom}. */
  public static final double ADMISSION_HEADROOM = 0.15;

  /** What the demo runs; defaults finish within minutes on 2 cores. */
  public record Settings(
      Path outDir,
      int users,
      int tasks,
      double arrivalsPerMinute,
      int devices,
      int deviceThreads,
      List<int[]> resolutions,
      List<String> prompts,
      double linkMbps,
      EdgeModelSpec models,
      String deviceModel,
      int batchSize,
      Duration maxWait,
      int webPort,
      String bind,
      String profile,
      Duration timeout,
      long seed,
      boolean secured,
      io.hybridsr.core.stage.RunnerSet runners,
      SuperResolver deviceSr,
      int slowDeviceAfter,
      double slowDeviceFactor,
      int colocatedCores,
      boolean sharedCpus) {}

  /** What came out. */
  public record Result(List<DemoTask> tasks, double wallSeconds, String dashboardUrl) {
    public long completed() {
      return tasks.stream()
          .filter(t -> t.finished != null && t.finished.status() == Outcome.Status.COMPLETED)
          .count();
    }
  }

  private final Settings s;
  private final PrintStream out;

  public Demo(Settings s, PrintStream out) {
    this.s = s;
    this.out = out;
  }

  /**
   * {@code tasks} tasks from K users in turn: seeded prompts, target resolutions cycled, one lambda
   * per user; user u's device is {@code jetson-(u mod devices + 1)}.
   */
  public List<Task> workload() {
    Random r = new Random(s.seed());
    double[] lambdas = new double[s.users()];
    for (int u = 0; u < lambdas.length; u++) {
      lambdas[u] = Math.round(r.nextDouble() * 100) / 100.0;
    }
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < s.tasks(); i++) {
      int u = i % s.users();
      int[] res = s.resolutions().get(i % s.resolutions().size());
      String prompt = s.prompts().get(r.nextInt(s.prompts().size()));
      String device = String.format("jetson-%02d", u % s.devices() + 1);
      tasks.add(
          new Task(
              String.format("demo-%03d", i + 1),
              "user" + (u + 1),
              device,
              "edge-1",
              res[0],
              res[1],
              lambdas[u],
              prompt));
    }
    return tasks;
  }

  /** Seconds after the start at which each task is sent: Poisson arrivals at the set rate. */
  public double[] arrivals() {
    Random r = new Random(s.seed() ^ 0x5DEECE66DL);
    double[] at = new double[s.tasks()];
    double t = 0;
    for (int i = 0; i < at.length; i++) {
      at[i] = t;
      t +=
          s.arrivalsPerMinute() > 0
              ? -Math.log(1 - r.nextDouble()) * 60 / s.arrivalsPerMinute()
              : 0;
    }
    return at;
  }

  public Result run(IntConsumer progress) throws Exception {
    long t0 = System.nanoTime();
    List<Task> workload = workload();
    Map<String, DemoTask> byId = new LinkedHashMap<>();
    workload.forEach(t -> byId.put(t.taskId(), new DemoTask(t)));
    EmbeddedKafkaBroker.Builder bb = EmbeddedKafkaBroker.builder();
    if (s.secured()) {
      // Fresh credentials for this run: generated here, kept in memory, never logged.
      bb.secured(KafkaSecurity.generate());
    }
    try (EmbeddedKafkaBroker broker = bb.build().start()) {
      String bootstrap = broker.bootstrapServers();
      Map<String, Object> admin = broker.adminClientProperties();
      Map<String, Object> jobProps = Map.of();
      Map<String, Object> loadgenProps = Map.of();
      Map<String, Map<String, Object>> deviceProps = new LinkedHashMap<>();
      List<String> deviceIds = workload.stream().map(Task::deviceId).distinct().toList();
      try (TopicAdmin topics = TopicAdmin.forBootstrap(bootstrap, admin)) {
        topics.ensureFixedTopics();
        deviceIds.forEach(topics::ensureDeviceTopic);
        if (s.secured()) {
          AclModel acls = new AclModel(topics.admin());
          jobProps = ClientSecurity.securityProperties(acls.ensureJob());
          loadgenProps = ClientSecurity.securityProperties(acls.ensureLoadGenerator());
          for (String id : deviceIds) {
            deviceProps.put(id, ClientSecurity.securityProperties(acls.ensureDevice(id)));
          }
        }
      }
      out.println(
          "Kafka: in-JVM KRaft broker at "
              + bootstrap
              + (s.secured()
                  ? " (SASL/SCRAM, ACLs: the job, each device and the load generator have their own principal)"
                  : " (unsecured)"));
      Map<String, String> jobKafka = new LinkedHashMap<>();
      jobProps.forEach((k, v) -> jobKafka.put(k, String.valueOf(v)));
      JobOptions o =
          JobOptions.builder()
              .bootstrapServers(bootstrap)
              .groupId("hybridsr-job-demo")
              .batchSize(s.batchSize())
              .maxWait(s.maxWait())
              .seed(s.seed())
              .kafkaProperties(jobKafka)
              .knownDevices(java.util.Set.copyOf(deviceIds))
              .build();
      Optional<CpuPinning.Plan> pinned = pinCpus(deviceIds);
      boolean edgeFirst = pinned.isEmpty() && DevicePriority.available();
      // the edge's slot threads on the edge's CPUs; the JIT compilers on every CPU at a low
      // priority, taking the time the runners leave
      AutoCloseable placed =
          pinned.isPresent()
              ? CpuPinning.keep(
                  List.of(
                      new CpuPinning.Rule(
                          List.of(EdgeGpuFunction.SLOT_POOL_NAME + "-slot"),
                          pinned.get().edgeCpus(),
                          0),
                      new CpuPinning.Rule(
                          CpuPinning.JIT_THREADS, pinned.get().allowed(), CpuPinning.JIT_NICE)),
                  why -> out.println("thread not placed: " + why))
              : () -> {};
      StreamExecutionEnvironment env = LocalFlink.withDashboard(s.bind(), s.webPort(), 4);
      env.setParallelism(1);
      HybridSrJob.wireKafka(
          env,
          o,
          new SchedulerBatchPlanner(
              new SchedulerBatchPlanner.Settings(
                      s.profile(),
                      1.0,
                      s.seed(),
                      s.runners(),
                      1,
                      8,
                      true,
                      true,
                      LATENCY_BOUND_SECONDS,
                      ADMISSION_HEADROOM)
                  // on CPUs of their own the edge and the devices are apart, as deployed; else
                  // they share this machine's CPUs, and the devices yield them to the edge where
                  // their priority could be lowered
                  .colocation(
                      pinned.isPresent()
                          ? Colocation.APART
                          : edgeFirst ? Colocation.EDGE_FIRST : Colocation.SHARED)
                  .colocatedCores(s.colocatedCores())),
          // every generation size the demo's targets can be planned at is run once before the
          // first task: no task pays for a shape's cold first run
          new GpuEdgeStage(
              s.models(), 8, io.hybridsr.operators.edge.EdgeWarmUp.forTargets(s.resolutions())));
      JobClient job = env.executeAsync("hybridsr demo");
      String url = LocalFlink.dashboardUrl(s.bind(), s.webPort());
      out.println("Flink dashboard: " + url + "  (job " + job.getJobID() + ")");
      // tasks are sent once every operator has opened: the edge loads and warms up its models
      // first, and tasks sent before would wait in Kafka, their rejections answered late
      long opening = System.nanoTime();
      boolean running =
          LocalFlink.awaitRunning(url, job.getJobID().toString(), Duration.ofMinutes(3));
      out.printf(
          Locale.ROOT,
          running
              ? "job running after %.1f s (models loaded and warmed up)%n"
              : "job not running after %.1f s: sending anyway%n",
          (System.nanoTime() - opening) / 1e9);
      out.println(
          "SDXL: "
              + (s.models().sdxlIsStandIn()
                  ? "stand-in models (real SDXL weights not given)"
                  : s.models().sdxlDir())
              + "; edge SR slot: "
              + s.models().edgeSrDescription()
              + "; device SR: Real-ESRGAN "
              + s.deviceModel());

      SuperResolver deviceSr = s.deviceSr();
      List<DeviceConsumer> devices = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < deviceIds.size(); i++) {
        String id = deviceIds.get(i);
        int index = i;
        Optional<Integer> cpu = pinned.map(plan -> plan.deviceCpus().get(index));
        Path images = s.outDir().resolve("images").resolve(id);
        int cleared = EarlierRunImages.clear(images);
        if (cleared > 0) {
          out.println(
              "removed "
                  + cleared
                  + " images of an earlier demo from "
                  + images
                  + " (same task ids: the device would skip them as already answered)");
        }
        DeviceConsumer d =
            new DeviceConsumer(
                new DeviceConfig(
                    id,
                    bootstrap,
                    images,
                    Duration.ofMinutes(10),
                    s.linkMbps() * 1e6,
                    deviceProps.getOrDefault(id, Map.of()),
                    true),
                deviceSr);
        devices.add(d);
        Thread t =
            new Thread(
                () -> {
                  cpu.flatMap(CpuPinning::pinCurrentThread)
                      .ifPresent(why -> out.println("device " + id + " not pinned: " + why));
                  if (edgeFirst) {
                    DevicePriority.lowerCurrentThread()
                        .ifPresent(
                            why -> out.println("device " + id + " keeps its priority: " + why));
                  }
                  d.run();
                },
                "device-" + id);
        t.start();
        threads.add(t);
      }
      out.println(
          devices.size()
              + (devices.size() == 1 ? " device consumer" : " device consumers")
              + (pinned.isPresent()
                  ? " on CPUs of their own"
                  : edgeFirst
                      ? " at a lower CPU priority than the edge (nice "
                          + DevicePriority.NICE
                          + ": they take the CPU it leaves, as on machines apart)"
                      : ", sharing every CPU with the edge")
              + (s.linkMbps() > 0
                  ? String.format(", link emulation at %.1f Mbit/s each", s.linkMbps())
                  : ""));
      try {
        Runnable slowDown =
            () -> {
              if (!devices.isEmpty()) {
                devices.get(0).setLinkBitsPerSecond(s.linkMbps() * 1e6 / s.slowDeviceFactor());
                out.println(
                    String.format(
                        Locale.ROOT,
                        "device %s: link emulation slowed to %.2f Mbit/s from task %d on",
                        deviceIds.get(0),
                        s.linkMbps() / s.slowDeviceFactor(),
                        s.slowDeviceAfter() + 1));
              }
            };
        send(
            bootstrap,
            loadgenProps,
            workload,
            arrivals(),
            byId,
            s.slowDeviceAfter() > 0 && s.linkMbps() > 0 ? s.slowDeviceAfter() : -1,
            slowDown);
        collect(admin, byId, progress);
      } finally {
        devices.forEach(DeviceConsumer::close);
        for (Thread t : threads) {
          t.join();
        }
        job.cancel().get();
        // the process's threads get back every CPU they had (a test's JVM goes on after a demo)
        placed.close();
        pinned.ifPresent(plan -> CpuPinning.pinProcess(plan.allowed()));
      }
      return new Result(new ArrayList<>(byId.values()), (System.nanoTime() - t0) / 1e9, url);
    }
  }

  /**
   * Gives the edge and each device CPUs of their own where this machine has enough and can pin
   * threads; says where everyone runs, or why they share CPUs.
   */
  private Optional<CpuPinning.Plan> pinCpus(List<String> deviceIds) {
    int devices = deviceIds.size();
    if (s.sharedCpus()) {
      out.println("CPUs: shared by the edge and the devices (--shared-cpus)");
      return Optional.empty();
    }
    Optional<String> unavailable = CpuPinning.unavailable();
    if (unavailable.isPresent()) {
      out.println("CPUs: shared by the edge and the devices: " + unavailable.get());
      return Optional.empty();
    }
    List<Integer> allowed = CpuPinning.allowedCpus();
    Optional<CpuPinning.Plan> plan = CpuPinning.plan(allowed, devices);
    if (plan.isEmpty()) {
      out.println(
          "CPUs: shared by the edge and the devices: "
              + devices
              + " devices and the edge need "
              + (devices + 1)
              + " CPUs, this process has "
              + allowed.size());
      return Optional.empty();
    }
    // every thread there now (the broker, the JVM's) and every one they start goes to the devices'
    // CPUs; the edge's slot threads are moved to the edge's as they appear
    Optional<String> failed = CpuPinning.pinProcess(plan.get().deviceCpus());
    if (failed.isPresent()) {
      out.println("CPUs: shared by the edge and the devices: " + failed.get());
      return Optional.empty();
    }
    out.println(plan.get().describe(deviceIds));
    return plan;
  }

  /** Sends each task at its arrival time, on a thread of its own so collecting goes on. */
  private static void send(
      String bootstrap,
      Map<String, Object> security,
      List<Task> tasks,
      double[] at,
      Map<String, DemoTask> byId,
      int slowAfter,
      Runnable slowDown) {
    Thread sender =
        new Thread(
            () -> {
              Properties p = new Properties();
              p.putAll(security);
              p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
              long start = System.nanoTime();
              try (var producer =
                  new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < tasks.size(); i++) {
                  long due = start + (long) (at[i] * 1e9);
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                  }
                  if (i == slowAfter) {
                    slowDown.run();
                  }
                  Task t = tasks.get(i);
                  byId.get(t.taskId()).sentAtMs = System.currentTimeMillis();
                  producer.send(
                      new ProducerRecord<>(
                          Topics.TASKS,
                          t.userId().getBytes(StandardCharsets.UTF_8),
                          TaskJson.formatBytes(t)));
                  producer.flush();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "demo-load");
    sender.setDaemon(true);
    sender.start();
  }

  /** Reads outcomes until every task has a final one, or the timeout. */
  private void collect(
      Map<String, Object> adminProps, Map<String, DemoTask> byId, IntConsumer progress) {
    Properties p = new Properties();
    p.putAll(adminProps);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "demo-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    long deadline = System.nanoTime() + s.timeout().toNanos();
    try (var c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(Topics.RESULTS));
      int done = 0;
      while (done < byId.size() && System.nanoTime() < deadline) {
        for (var r : c.poll(Duration.ofMillis(250))) {
          Outcome o = JsonCodec.fromBytes(r.value(), Outcome.class);
          DemoTask t = byId.get(o.taskId());
          if (t == null) {
            continue;
          }
          if (o.status() == Outcome.Status.PLANNED) {
            t.planned = o;
          } else if (t.finished == null) {
            t.finished = o;
            t.answeredAtMs = System.currentTimeMillis();
            done++;
            progress.accept(done);
          } else if (!o.equals(t.finished)) {
            // An identical record is the at-least-once sink writing again after a recovery
            // (docs/reliability.md); a different final outcome would be a second answer.
            t.extraFinals++;
          }
        }
      }
      // A little longer: a second final outcome of a task would show up here.
      long linger = System.nanoTime() + 2_000_000_000L;
      while (done == byId.size() && System.nanoTime() < linger) {
        for (var r : c.poll(Duration.ofMillis(250))) {
          Outcome o = JsonCodec.fromBytes(r.value(), Outcome.class);
          DemoTask t = byId.get(o.taskId());
          if (t != null
              && o.status() != Outcome.Status.PLANNED
              && t.finished != null
              && !o.equals(t.finished)) {
            t.extraFinals++;
          }
        }
      }
      if (done < byId.size()) {
        out.println(
            "timed out after "
                + s.timeout().toSeconds()
                + " s: "
                + (byId.size() - done)
                + " task(s) unfinished");
      }
    }
  }
}
