package io.hybridsr.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.stage.RunnerSet;
import io.hybridsr.inference.quant.Precision;
import io.hybridsr.operators.edge.EdgeModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SR precisions reach the edge's runner and the stage models' runner identities. */
class JobConfigPrecisionTest {
  @TempDir Path dir;

  @Test
  void shouldDefaultToFp32Everywhere() throws Exception {
    JobConfig c = JobConfig.load(null);
    EdgeModelSpec edge = c.edgeModels();
    assertEquals(Precision.FP32, edge.edgeSrPrecision());
    RunnerSet r = c.runners(edge);
    assertTrue(r.edgeSr().contains("/fp32/"), r.edgeSr());
    assertTrue(r.deviceSr().contains("/fp32/"), r.deviceSr());
  }

  @Test
  void shouldNameTheInt8RunnersInTheStageModels() throws Exception {
    Path f = dir.resolve("job.properties");
    Files.writeString(
        f,
        "edge.sr.model=x4fast\nedge.sr.precision=int8\nedge.sr.max.psnr.loss.db=0.5\n"
            + "device.sr.precision=INT8\n");
    JobConfig c = JobConfig.load(f);
    EdgeModelSpec edge = c.edgeModels();
    assertEquals(Precision.INT8, edge.edgeSrPrecision());
    assertEquals(0.5, edge.maxPsnrLossDb(), 0);
    RunnerSet r = c.runners(edge);
    assertTrue(r.edgeSr().startsWith("realesrgan-x4fast/int8/"), r.edgeSr());
    assertTrue(r.deviceSr().startsWith("realesrgan-x4fast/int8/"), r.deviceSr());
    // Another runner is another calibration: the cache key changes with the precision.
    assertTrue(
        !r.fingerprint()
            .equals(
                JobConfig.load(null)
                    .runners(JobConfig.load(null).with("edge.sr.model", "x4fast").edgeModels())
                    .fingerprint()));
  }

  @Test
  void shouldRefuseAnUnknownPrecisionNamingTheKey() throws Exception {
    Path f = dir.resolve("job.properties");
    Files.writeString(f, "device.sr.precision=fp8\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JobConfig.load(f));
    assertTrue(
        e.getMessage().contains("device.sr.precision") && e.getMessage().contains("fp8"),
        e.getMessage());
  }

  @Test
  void shouldRefuseFp16ForTheCpuRunners() throws Exception {
    Path f = dir.resolve("job.properties");
    Files.writeString(f, "edge.sr.precision=fp16\nedge.execution.provider=cpu\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JobConfig.load(f).edgeModels());
    assertTrue(
        e.getMessage().contains("edge.sr.precision") && e.getMessage().contains("fp16 is for GPUs"),
        e.getMessage());
    Files.writeString(f, "device.sr.precision=fp16\n");
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              JobConfig c = JobConfig.load(f);
              c.runners(c.edgeModels());
            });
    assertTrue(e.getMessage().contains("device.sr.precision"), e.getMessage());
  }

  /** On GPU nodes the edge SR slot runs on CUDA, where fp16 is what the GPU is for. */
  @Test
  void shouldRunTheEdgeSrSlotOnCudaInFp16() throws Exception {
    Path f = dir.resolve("job.properties");
    Files.writeString(f, "edge.sr.precision=fp16\nedge.execution.provider=cuda\nmodel.threads=4\n");
    JobConfig c = JobConfig.load(f);
    EdgeModelSpec edge = c.edgeModels();
    assertEquals(Precision.FP16, edge.edgeSrPrecision());
    RunnerSet r = c.runners(edge);
    assertEquals("realesrgan-x4plus/fp16/cuda/4t", r.edgeSr());
    assertTrue(r.deviceSr().contains("/fp32/cpu/"), r.deviceSr());
  }

  @Test
  void shouldRefuseAReducedPrecisionForStableSr() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                JobConfig.load(null)
                    .with("stablesr.dir", "/models/stablesr")
                    .with("edge.sr.precision", "int8")
                    .edgeModels());
    assertTrue(e.getMessage().contains("StableSR"), e.getMessage());
  }
}
