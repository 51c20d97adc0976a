package io.hybridsr.inference.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.hybridsr.inference.onnx.ExecutionProvider;
import io.hybridsr.inference.onnx.SessionCache;
import io.hybridsr.inference.sdxl.SdxlModels;
import io.hybridsr.inference.standin.StandIns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractCheckTest {
  @TempDir Path dir;

  private static ObservedTensor t(String name, ElementType type, long... shape) {
    return new ObservedTensor(name, type, type == null ? "DOUBLE" : type.name(), shape);
  }

  private static List<ObservedTensor> unetInputs(ElementType f) {
    return new ArrayList<>(
        List.of(
            t("sample", f, -1, 4, -1, -1),
            t("timestep", ElementType.INT64, -1),
            t("encoder_hidden_states", f, -1, -1, 2048),
            t("text_embeds", f, -1, 1280),
            t("time_ids", f, -1, 6)));
  }

  @Test
  void shouldAcceptTheRealUnetSignatureAndDetectFloat16() {
    ContractCheck c =
        ContractCheck.of(
            SdxlContract.UNET,
            unetInputs(ElementType.FLOAT16),
            List.of(t("out_sample", ElementType.FLOAT16, -1, 4, -1, -1)));
    assertTrue(c.ok(), c.problems().toString());
    assertEquals(ElementType.FLOAT16, c.precision());
  }

  @Test
  void shouldNameModelTensorExpectedAndFoundOnEveryKindOfMismatch() {
    List<ObservedTensor> in = unetInputs(ElementType.FLOAT32);
    in.set(0, t("sample", null, -1, 4, -1, -1)); // double
    in.set(4, t("time_ids", ElementType.FLOAT32, -1, 5)); // wrong fixed size
    in.set(3, t("text_embeds", ElementType.FLOAT32, -1, 1280, 1)); // wrong rank
    ContractCheck c =
        ContractCheck.of(
            SdxlContract.UNET, in, List.of(t("noise_pred", ElementType.FLOAT32, -1, 4, -1, -1)));
    assertFalse(c.ok());
    String all = String.join("\n", c.problems());
    assertTrue(
        all.contains(
            "unet: input 'sample' expected element type [tensor(float), tensor(float16)], found DOUBLE"),
        all);
    assertTrue(all.contains("unet: input 'time_ids' expected dim 1 = 6, found 5"), all);
    assertTrue(all.contains("unet: input 'text_embeds' expected rank 2, found rank 3"), all);
    assertTrue(all.contains("unet: output 'out_sample' expected (rank 4"), all);
    assertTrue(all.contains("outputs present: [noise_pred]"), all);
  }

  @Test
  void shouldRefuseMixedPrecisionAndUnknownInputs() {
    List<ObservedTensor> in = unetInputs(ElementType.FLOAT32);
    in.set(2, t("encoder_hidden_states", ElementType.FLOAT16, -1, -1, 2048));
    in.add(t("attention_mask", ElementType.INT64, -1, 77));
    ContractCheck c =
        ContractCheck.of(
            SdxlContract.UNET, in, List.of(t("out_sample", ElementType.FLOAT32, -1, 4, -1, -1)));
    String all = String.join("\n", c.problems());
    assertTrue(all.contains("mix float32 and float16"), all);
    assertTrue(all.contains("input 'attention_mask' is not in the contract"), all);
  }

  @Test
  void shouldRequireAndOrderHiddenStateFamilies() {
    ContractCheck c =
        ContractCheck.of(
            SdxlContract.TEXT_ENCODER_2,
            List.of(t("input_ids", ElementType.INT32, -1, -1)),
            List.of(
                t("text_embeds", ElementType.FLOAT32, -1, 1280),
                t("last_hidden_state", ElementType.FLOAT32, -1, -1, 1280),
                t("hidden_states.10", ElementType.FLOAT32, -1, -1, 1280),
                t("hidden_states.2", ElementType.FLOAT32, -1, -1, 1280),
                t("hidden_states.9", ElementType.FLOAT32, -1, -1, 1280)));
    assertTrue(c.ok(), c.problems().toString());
    assertEquals(
        List.of("hidden_states.2", "hidden_states.9", "hidden_states.10"),
        c.family("hidden_states.*"));

    ContractCheck none =
        ContractCheck.of(
            SdxlContract.TEXT_ENCODER_2,
            List.of(t("input_ids", ElementType.INT32, -1, -1)),
            List.of(
                t("text_embeds", ElementType.FLOAT32, -1, 1280),
                t("last_hidden_state", ElementType.FLOAT32, -1, -1, 1280)));
    assertTrue(
        none.problems()
            .get(0)
            .contains("family 'hidden_states.*' expected at least 2 tensors, found 0"),
        none.problems().toString());
  }

  @Test
  void shouldRefuseARealLayoutFolderWithOneWrongTensorName() throws Exception {
    StandIns.writeSdxl(dir);
    Path unet = dir.resolve("unet/model.onnx");
    OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(unet));
    OnnxMl.GraphProto.Builder g = m.getGraph().toBuilder();
    // Rename the input time_ids to add_time_ids everywhere it is used.
    for (int i = 0; i < g.getInputCount(); i++) {
      if (g.getInput(i).getName().equals("time_ids")) {
        g.setInput(i, g.getInput(i).toBuilder().setName("add_time_ids"));
      }
    }
    for (int i = 0; i < g.getNodeCount(); i++) {
      OnnxMl.NodeProto.Builder n = g.getNode(i).toBuilder();
      for (int k = 0; k < n.getInputCount(); k++) {
        if (n.getInput(k).equals("time_ids")) {
          n.setInput(k, "add_time_ids");
        }
      }
      g.setNode(i, n);
    }
    Files.write(unet, m.toBuilder().setGraph(g).build().toByteArray());
    try (SessionCache cache = new SessionCache(ExecutionProvider.CPU)) {
      ContractViolationException e =
          assertThrows(ContractViolationException.class, () -> SdxlModels.load(dir, cache));
      String msg = e.getMessage();
      assertTrue(msg.contains(unet.toString()), msg);
      assertTrue(
          msg.contains(
              "unet: input 'time_ids' expected (rank 2, [tensor(float), tensor(float16)], dim 1 = 6), not found"),
          msg);
      assertTrue(msg.contains("input 'add_time_ids' is not in the contract"), msg);
    }
  }

  @Test
  void shouldAcceptTheStandInsAsTheyAreGenerated() throws Exception {
    StandIns.writeSdxl(dir);
    try (SessionCache cache = new SessionCache(ExecutionProvider.CPU)) {
      SdxlModels m = SdxlModels.load(dir, cache);
      assertTrue(m.unet().check().ok());
      assertEquals(
          List.of("hidden_states.0", "hidden_states.1", "hidden_states.2"),
          m.textEncoder2().check().family("hidden_states.*"));
    }
  }

  @Test
  void shouldNameMissingModelFolders() throws Exception {
    StandIns.writeSdxl(dir);
    Files.delete(dir.resolve("vae_decoder/model.onnx"));
    try (SessionCache cache = new SessionCache(ExecutionProvider.CPU)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> SdxlModels.load(dir, cache));
      assertTrue(e.getMessage().contains("missing [vae_decoder/model.onnx]"), e.getMessage());
    }
  }
}
