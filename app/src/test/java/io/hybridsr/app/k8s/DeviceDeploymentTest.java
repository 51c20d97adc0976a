package io.hybridsr.app.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hybridsr.device.DeviceMain;
import io.hybridsr.kafka.Topics;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Each device Deployment runs `hybridsr device` for one device, on a Jetson, as that device. */
class DeviceDeploymentTest {
  private final List<Deployment> devices = Manifests.all(Manifests.baseDocs(), Deployment.class);

  @Test
  void oneDeploymentPerDeviceWithItsOwnTopicAndCredentials() {
    List<String> ids = Manifests.deviceIds();
    assertEquals(devices.size(), ids.size());
    assertEquals(ids.size(), ids.stream().distinct().count(), "device ids are unique: " + ids);
    for (int i = 0; i < devices.size(); i++) {
      Deployment d = devices.get(i);
      String id = ids.get(i);
      assertTrue(Topics.isValidDeviceId(id), id);
      assertEquals("device-" + id, d.getMetadata().getName());
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      Container main = pod.getContainers().get(0);
      CommandLine.ParseResult r = parse(main.getArgs());
      assertEquals(
          Manifests.kafkaBootstrap(),
          r.matchedOptionValue("--bootstrap", (String) null),
          d.getMetadata().getName());
      // A device's Secret is the one of KafkaUser device-<id>, whose ACLs KafkaManifestsTest
      // checks.
      Manifests.assertKafkaClient(pod, main, "device-" + id, d.getMetadata().getName());
    }
  }

  @Test
  void onlyOneConsumerPerDeviceAtATime() {
    for (Deployment d : devices) {
      assertEquals(1, d.getSpec().getReplicas(), d.getMetadata().getName());
      assertEquals("Recreate", d.getSpec().getStrategy().getType(), d.getMetadata().getName());
    }
  }

  @Test
  void runsOnArm64JetsonNodes() {
    for (Deployment d : devices) {
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      assertEquals(
          "arm64", pod.getNodeSelector().get("kubernetes.io/arch"), d.getMetadata().getName());
      assertTrue(
          pod.getContainers().get(0).getImage().startsWith(ImagesTest.imageOf("device") + ":"),
          d.getMetadata().getName() + " uses the device image");
    }
  }

  @Test
  void modelsAreFetchedWhereTheDeviceLooks() {
    for (Deployment d : devices) {
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      Container main = pod.getContainers().get(0);
      Container fetch = FlinkDeploymentTest.container(pod.getInitContainers(), "fetch-models");
      CommandLine.ParseResult f =
          DeviceMain.newCommandLine().parseArgs(fetch.getArgs().toArray(String[]::new));
      assertEquals("fetch", f.subcommand().subcommand().commandSpec().name());
      Path fetched = f.subcommand().subcommand().matchedOptionValue("--models", null);
      Path used = parse(main.getArgs()).matchedOptionValue("--models", null);
      assertEquals(fetched, used, d.getMetadata().getName() + ": --models of fetch and device");
      Manifests.assertMountedFrom(
          pod, main, used + "/x", v -> true, d.getMetadata().getName() + " models");
      Path out = parse(main.getArgs()).matchedOptionValue("--out", null);
      Manifests.assertMountedFrom(
          pod,
          main,
          out + "/x",
          v -> v.getPersistentVolumeClaim() != null,
          d.getMetadata().getName() + " --out " + out);
    }
  }

  /**
   * The device subcommand's parse, by the device image's real CLI (an unknown or misspelt flag
   * fails here).
   */
  private static CommandLine.ParseResult parse(List<String> args) {
    CommandLine.ParseResult r = DeviceMain.newCommandLine().parseArgs(args.toArray(String[]::new));
    assertEquals("device", r.subcommand().commandSpec().name());
    return r.subcommand();
  }
}
