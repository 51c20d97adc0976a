package io.hybridsr.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.inference.onnx.ExecutionProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, file, environment and flags map onto the same keys, each overriding the one before. */
class JobConfigSourcesTest {
  @TempDir Path dir;

  @Test
  void shouldLayerFileEnvironmentAndFlagsOverTheDefaults() throws Exception {
    Path f = dir.resolve("job.properties");
    Files.writeString(f, "gpu.slots=3\nbatch.size=7\n");
    Map<String, String> env =
        Map.of(
            "HYBRIDSR_BATCH_SIZE", "9", // overrides the file
            "HYBRIDSR_EDGE_EXECUTION_PROVIDER", "cuda",
            "HYBRIDSR_JAVA_OPTS", "-Xmx6g"); // not a setting: ignored
    JobConfig c = JobConfig.load(f, env).with("gpu.slots", "4"); // a flag overrides both
    assertEquals("4", c.get("gpu.slots"));
    assertEquals("9", c.get("batch.size"));
    assertEquals(JobConfig.KEYS.get("max.wait.ms"), c.get("max.wait.ms"), "defaults stay");
    assertEquals(ExecutionProvider.CUDA, c.edgeModels().provider());
    assertTrue(
        c.runners(c.edgeModels()).generation().contains("/cuda/"),
        "the stage models see the provider");
  }

  @Test
  void shouldTakeTheCliProviderVariableAndDefaultToCpu() throws Exception {
    assertEquals(ExecutionProvider.CPU, JobConfig.load(null).edgeModels().provider());
    assertEquals(
        ExecutionProvider.CUDA,
        JobConfig.load(null, Map.of("HYBRIDSR_EP", "CUDA")).edgeModels().provider());
  }

  @Test
  void shouldNameTheVariableOfABadValue() {
    assertRefused("HYBRIDSR_GPU_SLOTS", "many", "HYBRIDSR_GPU_SLOTS");
    assertRefused("HYBRIDSR_EDGE_EXECUTION_PROVIDER", "tpu", "edge.execution.provider");
  }

  @Test
  void shouldRefuseContentionSettingsOutsideTheirRangeAtLoad() throws Exception {
    JobConfig.load(null, Map.of("HYBRIDSR_RUNNERS_CONTENTION_PRIOR", "1"));
    assertRefused("HYBRIDSR_RUNNERS_CONTENTION_PRIOR", "0.5", "runners.contention.prior");
    JobConfig.load(null, Map.of("HYBRIDSR_RUNNERS_COLOCATED_CORES", "2"));
    assertRefused("HYBRIDSR_RUNNERS_COLOCATED_CORES", "-1", "runners.colocated.cores");
  }

  /** Loading {@code variable=value} fails with a message naming {@code named} and the value. */
  private static void assertRefused(String variable, String value, String named) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> JobConfig.load(null, Map.of(variable, value)));
    assertTrue(e.getMessage().contains(named) && e.getMessage().contains(value), e.getMessage());
  }

  @Test
  void shouldNameEveryKeysVariable() {
    assertEquals(
        "HYBRIDSR_EDGE_SR_MAX_PSNR_LOSS_DB",
        JobConfig.environmentVariable("edge.sr.max.psnr.loss.db"));
  }

  @Test
  void shouldReadTheEdgeWarmUpTargetsAndRefuseBadOnesAtLoad() throws Exception {
    assertEquals(java.util.List.of(), JobConfig.load(null).edgeWarmUp().sizes(), "none by default");
    Path f = dir.resolve("warm.properties");
    Files.writeString(f, "edge.warmup.targets=720p\n");
    assertEquals(4, JobConfig.load(f, Map.of()).edgeWarmUp().sizes().size());
    Files.writeString(f, "edge.warmup.targets=720i\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JobConfig.load(f, Map.of()));
    assertTrue(e.getMessage().contains("edge.warmup.targets"), e.getMessage());
  }
}
