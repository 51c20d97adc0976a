package io.hybridsr.inference.realesrgan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hybridsr.core.image.ImageMetrics;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.latency.RealEsrganFlops;
import io.hybridsr.inference.ncnn.GraphStats;
import io.hybridsr.inference.ncnn.NcnnToOnnxConverter;
import io.hybridsr.inference.store.ModelStore;
import io.hybridsr.inference.store.RealEsrganModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The converted models on ONNX Runtime reproduce an independent float32 implementation. */
class RealEsrganReferenceTest {

  @ParameterizedTest
  @EnumSource(RealEsrganModel.class)
  void shouldMatchTheReferenceFloat32OutputWithin2e3(RealEsrganModel m) throws Exception {
    RealEsrganUpscaler sr = TestModels.open(m);
    ImageTensor out = sr.upscaleRaw(TestModels.referenceInput(), (d, t) -> {});
    ImageTensor ref = TestModels.referenceOutput(m);
    assertEquals(ref.shape(), out.shape());
    double err = ImageMetrics.maxAbsDiff(out, ref);
    assertTrue(err <= 2e-3, m + ": max abs error " + err);
  }

  @org.junit.jupiter.api.Test
  void shouldWriteEveryPReluOfX4fastForTheBlockedLayout() throws Exception {
    var w = ModelStore.locate(null).ensure(RealEsrganModel.X4FAST);
    var graph = NcnnToOnnxConverter.convert(w.param(), w.bin()).model().getGraph();
    assertEquals(
        0, graph.getNodeList().stream().filter(n -> n.getOpType().equals("PRelu")).count());
    assertEquals(
        33,
        graph.getNodeList().stream()
            .filter(n -> n.getOpType().equals("BatchNormalization"))
            .count());
  }

  /** The graph's FLOP count agrees with core's architectural one, which the latency model uses. */
  @ParameterizedTest
  @EnumSource(RealEsrganModel.class)
  void shouldCountParametersAndFlopsFromTheGraph(RealEsrganModel m) {
    GraphStats s = RealEsrganModels.stats(ModelStore.locate(null).ensure(m));
    assertEquals(4, s.scale());
    if (m == RealEsrganModel.X4PLUS) {
      assertEquals(16_697_987, s.parameters());
      assertEquals(RealEsrganFlops.X4PLUS, s.flopsPerInputPixel(), 0.01e6);
    } else {
      assertEquals(1_213_296, s.parameters());
      assertEquals(RealEsrganFlops.X4FAST, s.flopsPerInputPixel(), 0.01e6);
    }
  }
}
