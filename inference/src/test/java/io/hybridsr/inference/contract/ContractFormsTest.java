package io.hybridsr.inference.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Both Optimum UNet timestep forms and both input_ids types pass, and the check names the form
 * found.
 */
class ContractFormsTest {
  private static ObservedTensor t(String name, ElementType type, long... shape) {
    return new ObservedTensor(name, type, type.name(), shape);
  }

  private static ContractCheck unet(ObservedTensor timestep, ElementType f) {
    return ContractCheck.of(
        SdxlContract.UNET,
        List.of(
            t("sample", f, -1, 4, -1, -1),
            timestep,
            t("encoder_hidden_states", f, -1, -1, 2048),
            t("text_embeds", f, -1, 1280),
            t("time_ids", f, -1, 6)),
        List.of(t("out_sample", f, -1, 4, -1, -1)));
  }

  @Test
  void shouldAcceptAndNameEveryTimestepForm() {
    ContractCheck now = unet(t("timestep", ElementType.FLOAT32), ElementType.FLOAT32);
    assertTrue(now.ok(), now.problems().toString());
    assertEquals("float32 scalar", now.form("timestep"));
    assertEquals("timestep float32 scalar (Optimum >= 1.24)", SdxlContract.exporterForm(now));
    assertEquals("ok (float32; timestep float32 scalar)", now.summary());

    ContractCheck old = unet(t("timestep", ElementType.INT64, -1), ElementType.FLOAT32);
    assertTrue(old.ok(), old.problems().toString());
    assertEquals("timestep int64 vector (Optimum 1.10-1.23)", SdxlContract.exporterForm(old));

    ContractCheck half = unet(t("timestep", ElementType.FLOAT16), ElementType.FLOAT16);
    assertTrue(half.ok(), half.problems().toString());
    assertEquals("float16 scalar", half.form("timestep"));
    assertEquals(ElementType.FLOAT16, half.precision());
  }

  @Test
  void shouldRefuseOtherRanksNamingBoth() {
    ContractCheck bad = unet(t("timestep", ElementType.INT64, 1, 1), ElementType.FLOAT32);
    assertFalse(bad.ok());
    assertTrue(
        bad.problems().get(0).contains("'timestep' expected rank 1 or 0, found rank 2"),
        bad.problems().toString());
  }

  @Test
  void shouldAcceptBothInputIdsTypes() {
    for (ElementType ids : List.of(ElementType.INT32, ElementType.INT64)) {
      ContractCheck c =
          ContractCheck.of(
              SdxlContract.TEXT_ENCODER,
              List.of(t("input_ids", ids, -1, -1)),
              List.of(
                  t("last_hidden_state", ElementType.FLOAT32, -1, -1, 768),
                  t("hidden_states.0", ElementType.FLOAT32, -1, -1, 768),
                  t("hidden_states.1", ElementType.FLOAT32, -1, -1, 768)));
      assertTrue(c.ok(), c.problems().toString());
      assertEquals(ids.name().toLowerCase(), c.form("input_ids"));
    }
  }
}
