package io.hybridsr.inference.contract;

import static io.hybridsr.inference.contract.ElementType.FLOAT16;
import static io.hybridsr.inference.contract.ElementType.FLOAT32;
import static io.hybridsr.inference.contract.ElementType.INT32;
import static io.hybridsr.inference.contract.ElementType.INT64;

import java.util.List;

/**
 * The written contract of an SDXL export in Hugging Face Optimum's ONNX layout, checked by the
 * loader and met by the stand-ins (docs/model-contracts.md is the prose version).
 *
 * <p>Names follow Optimum's exporter configurations: CLIP text encoders take {@code input_ids}
 * (int32 or int64: Optimum 1.10-1.23 wrote int32 for the first encoder, later versions int64 for
 * both) and, exported with {@code output_hidden_states}, give {@code hidden_states.0..L}; the UNet
 * takes {@code sample, timestep, encoder_hidden_states, text_embeds, time_ids} and gives {@code
 * out_sample}; the VAE decoder maps {@code latent_sample} to {@code sample}. The timestep's type
 * and rank differ between exporter versions ({@link #TIMESTEP}), so int64, float32 and float16, as
 * a vector or a scalar, are accepted and the runner feeds whichever the file declares.
 */
public final class SdxlContract {
  private SdxlContract() {}

  /** SDXL's token sequence length (both CLIP tokenizers). */
  public static final int SEQUENCE_LENGTH = 77;

  /** Micro-conditioning values: original size (h, w), crop top-left (y, x), target size (h, w). */
  public static final int TIME_IDS = 6;

  public static final int LATENT_CHANNELS = 4;

  /** SDXL's VAE scaling factor (diffusers' {@code vae.config.scaling_factor} for SDXL). */
  public static final float VAE_SCALING_FACTOR = 0.13025f;

  static final TensorSpec INPUT_IDS = TensorSpec.of("input_ids", 2, INT32, INT64);
  static final TensorSpec HIDDEN_STATES = TensorSpec.floats("hidden_states.*", 3).atLeast(2);

  public static final ModelContract TEXT_ENCODER =
      new ModelContract(
          "text_encoder",
          List.of(INPUT_IDS),
          List.of(
              TensorSpec.floats("last_hidden_state", 3),
              TensorSpec.floats("pooler_output", 2).asOptional(),
              HIDDEN_STATES));

  public static final ModelContract TEXT_ENCODER_2 =
      new ModelContract(
          "text_encoder_2",
          List.of(INPUT_IDS),
          List.of(
              TensorSpec.floats("text_embeds", 2),
              TensorSpec.floats("last_hidden_state", 3),
              HIDDEN_STATES));

  /**
   * The UNet's timestep. Optimum 1.10 to 1.23 export it as an int64 vector ({@code [steps]}, fed
   * one value per batch entry); Optimum 1.24 and later (and optimum-onnx) as a float32 scalar (rank
   * 0). Both load; the runner feeds the declared type and rank.
   */
  public static final TensorSpec TIMESTEP =
      TensorSpec.of("timestep", 1, INT64, FLOAT32, FLOAT16).orRank(0);

  /**
   * Which exporter generation a UNet's check shows, from its timestep form: e.g. {@code "timestep
   * float32 scalar (Optimum >= 1.24)"}, {@code "timestep int64 vector (Optimum 1.10-1.23)"}.
   */
  public static String exporterForm(ContractCheck unet) {
    String f = unet.form("timestep");
    if (f == null) {
      return "timestep not found";
    }
    String era =
        f.equals("float32 scalar")
            ? " (Optimum >= 1.24)"
            : f.equals("int64 vector") ? " (Optimum 1.10-1.23)" : "";
    return "timestep " + f + era;
  }

  public static final ModelContract UNET =
      new ModelContract(
          "unet",
          List.of(
              TensorSpec.floats("sample", 4).fixed(1, LATENT_CHANNELS),
              TIMESTEP,
              TensorSpec.floats("encoder_hidden_states", 3),
              TensorSpec.floats("text_embeds", 2),
              TensorSpec.floats("time_ids", 2).fixed(1, TIME_IDS)),
          List.of(TensorSpec.floats("out_sample", 4).fixed(1, LATENT_CHANNELS)));

  public static final ModelContract VAE_DECODER =
      new ModelContract(
          "vae_decoder",
          List.of(TensorSpec.floats("latent_sample", 4).fixed(1, LATENT_CHANNELS)),
          List.of(TensorSpec.floats("sample", 4).fixed(1, 3)));

  /** Every model of the export, in the order the pipeline runs them. */
  public static final List<ModelContract> ALL =
      List.of(TEXT_ENCODER, TEXT_ENCODER_2, UNET, VAE_DECODER);
}
