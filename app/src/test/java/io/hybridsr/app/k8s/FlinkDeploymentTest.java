package io.hybridsr.app.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.hybridsr.app.cli.JobCommand;
import io.hybridsr.app.k8s.Manifests.Doc;
import io.hybridsr.device.DeviceMain;
import io.hybridsr.jobs.FlinkJobMain;
import io.hybridsr.jobs.JobConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.spec.JobState;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The FlinkDeployment runs the job the code defines, with the settings the code reads. */
class FlinkDeploymentTest {
  private static final String MAIN = "flink-main-container";
  private final List<Doc> base = Manifests.baseDocs();
  private final FlinkDeployment flink = Manifests.one(base, FlinkDeployment.class, "hybridsr");
  private final Map<String, String> conf = flink.getSpec().getFlinkConfiguration();
  private final PodSpec pod = flink.getSpec().getPodTemplate().getSpec();
  private final Container main = container(pod, MAIN);

  @Test
  void runsFlinkJobMainInApplicationMode() {
    var job = flink.getSpec().getJob();
    assertEquals(FlinkJobMain.class.getName(), job.getEntryClass());
    assertTrue(job.getJarURI().startsWith("local:///opt/flink/usrlib/"), job.getJarURI());
    assertEquals(JobState.RUNNING, job.getState());
    assertEquals(
        UpgradeMode.SAVEPOINT, job.getUpgradeMode(), "upgrades keep state through savepoints");
    List<String> args = List.of(job.getArgs());
    assertEquals(4, args.size(), "--bootstrap HOST:PORT --config FILE: " + args);
    assertEquals("--bootstrap", args.get(0));
    assertEquals(Manifests.kafkaBootstrap(), args.get(1));
    assertEquals("--config", args.get(2));
    String config = args.get(3);
    Path file = Path.of(config);
    ConfigMap cm = Manifests.one(base, ConfigMap.class, "hybridsr-job-config");
    assertTrue(
        cm.getData().containsKey(file.getFileName().toString()),
        config + " is a key of the ConfigMap");
    Manifests.assertMountedFrom(
        pod,
        main,
        config,
        v -> v.getConfigMap() != null && v.getConfigMap().getName().equals("hybridsr-job-config"),
        "--config " + config);
  }

  @Test
  void jobPropertiesHaveExactlyTheKeysOfJobConfigAndLoad() {
    for (Doc d : Manifests.allDocs()) {
      if (d.kind().equals("ConfigMap") && d.name().equals("hybridsr-job-config")) {
        String props = Manifests.parse(d, ConfigMap.class).getData().get("job.properties");
        assertEquals(JobConfig.KEYS.keySet(), Manifests.propertyKeys(props), d + ": keys");
        Manifests.loadJobConfig(props, d.toString());
      }
    }
  }

  @Test
  void parallelismFitsTheTaskManagers() {
    checkParallelism(flink, jobProps(base));
    List<Doc> prod = Manifests.docsUnder(Manifests.k8s().resolve("overlays/production"));
    FlinkDeployment patch = Manifests.one(prod, FlinkDeployment.class, "hybridsr");
    checkParallelism(patch, jobProps(prod));
  }

  private void checkParallelism(FlinkDeployment d, JobConfig props) {
    int parallelism = Integer.parseInt(props.get("parallelism"));
    assertEquals(
        parallelism,
        d.getSpec().getJob().getParallelism(),
        "spec.job.parallelism agrees with parallelism in job.properties (which the job applies)");
    int slots = Integer.parseInt(conf.get("taskmanager.numberOfTaskSlots"));
    assertTrue(
        d.getSpec().getTaskManager().getReplicas() * slots >= parallelism, "enough task slots");
    // One GPU per TaskManager and one slot each: each parallel instance has a GPU to itself.
    assertEquals(1, slots);
  }

  private static JobConfig jobProps(List<Doc> docs) {
    return Manifests.loadJobConfig(
        Manifests.one(docs, ConfigMap.class, "hybridsr-job-config").getData().get("job.properties"),
        "job.properties");
  }

  @Test
  void prometheusReporterOnTheMetricsPort() {
    assertEquals(
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory",
        conf.get("metrics.reporter.prom.factory.class"));
    String port = conf.get("metrics.reporter.prom.port");
    assertEquals("9249", port);
    ContainerPort metrics =
        main.getPorts().stream()
            .filter(p -> "metrics".equals(p.getName()))
            .findFirst()
            .orElseThrow();
    assertEquals(Integer.parseInt(port), metrics.getContainerPort());
    GenericKubernetesResource pm =
        (GenericKubernetesResource)
            Manifests.parse(
                base.stream()
                    .filter(d -> d.kind().equals("PodMonitor") && d.name().equals("hybridsr-flink"))
                    .findFirst()
                    .orElseThrow());
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = (Map<String, Object>) pm.getAdditionalProperties().get("spec");
    @SuppressWarnings("unchecked")
    Map<String, Object> labels =
        (Map<String, Object>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
    // The operator labels the Flink pods app=<FlinkDeployment name>.
    assertEquals(Map.of("app", flink.getMetadata().getName()), labels);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> endpoints =
        (List<Map<String, Object>>) spec.get("podMetricsEndpoints");
    assertEquals("metrics", endpoints.get(0).get("port"));
  }

  /**
   * Every Flink setting is a key Flink 2.2 knows (1.x names such as state.checkpoints.dir are
   * gone).
   */
  @Test
  void flinkSettingsAreKeysOfThisFlink() throws Exception {
    java.util.Set<String> known = new java.util.HashSet<>();
    for (Class<?> options :
        List.of(
            org.apache.flink.configuration.CheckpointingOptions.class,
            org.apache.flink.configuration.HighAvailabilityOptions.class,
            org.apache.flink.configuration.RestOptions.class,
            org.apache.flink.configuration.TaskManagerOptions.class,
            org.apache.flink.configuration.StateBackendOptions.class,
            org.apache.flink.configuration.JobManagerOptions.class,
            org.apache.flink.configuration.CoreOptions.class,
            org.apache.flink.configuration.MetricOptions.class)) {
      for (java.lang.reflect.Field f : options.getFields()) {
        if (f.get(null) instanceof org.apache.flink.configuration.ConfigOption<?> o) {
          known.add(o.key());
        }
      }
    }
    List<Map<String, String>> configs =
        List.of(
            conf,
            Manifests.one(
                    Manifests.docsUnder(Manifests.k8s().resolve("overlays/production")),
                    FlinkDeployment.class,
                    "hybridsr")
                .getSpec()
                .getFlinkConfiguration());
    for (Map<String, String> c : configs) {
      for (String key : c.keySet()) {
        if (key.startsWith("kubernetes.operator.")) {
          continue; // the operator's own
        }
        if (key.startsWith("metrics.reporter.prom.")) {
          assertTrue(Manifests.text("k8s/base/flink/flinkdeployment.yaml").contains(key), key);
          continue; // reporter-scoped keys: factory.class and port, checked above
        }
        assertTrue(
            known.contains(key),
            key
                + " is not a Flink "
                + org.apache.flink.runtime.util.EnvironmentInformation.getVersion()
                + " option");
      }
    }
  }

  @Test
  void dashboardPortIsTheOneTheCliUses() {
    String webPort =
        new CommandLine(new JobCommand()).getCommandSpec().findOption("--web-port").defaultValue();
    assertEquals(webPort, conf.get("rest.port"));
  }

  @Test
  void taskManagersRunOnGpuNodes() {
    PodSpec tm = flink.getSpec().getTaskManager().getPodTemplate().getSpec();
    Container c = container(tm, MAIN);
    Quantity gpus = c.getResources().getLimits().get("nvidia.com/gpu");
    assertNotNull(gpus, "TaskManagers request nvidia.com/gpu");
    assertEquals(1, gpus.getNumericalAmount().intValueExact());
    assertFalse(tm.getNodeSelector().isEmpty(), "GPU node selector");
    assertTrue(
        tm.getTolerations().stream().anyMatch(t -> "nvidia.com/gpu".equals(t.getKey())),
        "GPU taint toleration");
    // Merged into the common template by position or by name alike: only the main container,
    // and no other list the common template has.
    assertEquals(List.of(MAIN), tm.getContainers().stream().map(Container::getName).toList());
    assertTrue(
        tm.getInitContainers().isEmpty()
            && tm.getVolumes().isEmpty()
            && c.getVolumeMounts().isEmpty()
            && c.getEnv().isEmpty()
            && c.getPorts().isEmpty(),
        "the TaskManager template adds no list entries");
  }

  @Test
  void edgeModelsAreFetchedWhereTheJobLooks() {
    Container fetch = container(pod.getInitContainers(), "fetch-models");
    // The job image carries only Flink and the job jar: the device image (built for amd64 too)
    // fetches the weights with its entry point, DeviceMain.
    assertTrue(
        fetch.getCommand() == null || fetch.getCommand().isEmpty(),
        "the device image's entry point runs");
    assertTrue(
        fetch.getImage().startsWith(ImagesTest.imageOf("device") + ":"),
        "fetched by the device image");
    CommandLine.ParseResult r =
        DeviceMain.newCommandLine().parseArgs(fetch.getArgs().toArray(String[]::new));
    assertEquals("fetch", r.subcommand().subcommand().commandSpec().name());
    Path fetched = r.subcommand().subcommand().matchedOptionValue("--models", null);
    assertEquals(
        jobProps(base).get("models.dir"),
        fetched.toString(),
        "models.dir is where the weights are fetched");
    String env =
        main.getEnv().stream()
            .filter(e -> e.getName().equals("HYBRIDSR_MODELS"))
            .findFirst()
            .orElseThrow()
            .getValue();
    assertEquals(fetched.toString(), env);
    Manifests.assertMountedFrom(
        pod,
        main,
        fetched + "/x",
        v -> v.getEmptyDir() != null || v.getPersistentVolumeClaim() != null,
        "the fetched models");
    assertTrue(
        fetch.getVolumeMounts().stream().anyMatch(m -> fetched.startsWith(m.getMountPath())),
        "fetch writes there");
  }

  @Test
  void checkpointsAndSavepointsOnDurableStorage() {
    assertNotNull(conf.get("execution.checkpointing.interval"), "checkpointing is on");
    for (String key :
        List.of(
            "execution.checkpointing.dir",
            "execution.checkpointing.savepoint-dir",
            "high-availability.storageDir")) {
      String dir = conf.get(key);
      assertNotNull(dir, key);
      assertTrue(dir.startsWith("file:///"), key + " in base: " + dir);
      Manifests.assertMountedFrom(
          pod,
          main,
          dir.substring("file://".length()),
          v -> v.getPersistentVolumeClaim() != null,
          key + " " + dir);
    }
    FlinkDeployment prod =
        Manifests.one(
            Manifests.docsUnder(Manifests.k8s().resolve("overlays/production")),
            FlinkDeployment.class,
            "hybridsr");
    for (String key :
        List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir")) {
      String dir = prod.getSpec().getFlinkConfiguration().get(key);
      assertTrue(dir != null && dir.startsWith("s3://"), "production " + key + ": " + dir);
    }
  }

  @Test
  void kafkaClientUsesTheJobsOwnCredentials() {
    Manifests.assertKafkaClient(pod, main, "hybridsr-job", "FlinkDeployment");
  }

  static Container container(PodSpec pod, String name) {
    return container(pod.getContainers(), name);
  }

  static Container container(List<Container> containers, String name) {
    return containers.stream()
        .filter(c -> c.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }
}
