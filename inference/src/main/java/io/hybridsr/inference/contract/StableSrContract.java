package io.hybridsr.inference.contract;

import java.util.List;

/**
 * The contract this project defines for an ONNX export of StableSR (Wang et al., 2023): the SD 2.1
 * components it builds on plus its time-aware encoder, split into one model per folder like an
 * Optimum export (docs/model-contracts.md).
 *
 * <p>StableSR has no official ONNX export, so the names are ours, chosen to match Optimum's where
 * the component is a plain Stable Diffusion one. The time-aware encoder maps the low-resolution
 * latent and the timestep to one feature map per UNet resolution ({@code struct_cond.0..K}); the
 * UNet takes them by the same names and modulates its features with them (spatial feature
 * transform). StableSR's CFW (controllable feature wrapping) is optional: a vae_encoder that also
 * gives the encoder features {@code enc_fea.0..K} and a vae_decoder that takes them with the fusion
 * weight {@code dec_w} (0.5 in the reference) decode with CFW; SD's plain decoder decodes without
 * it (the runner then says "without CFW").
 */
public final class StableSrContract {
  private StableSrContract() {}

  /** StableSR's text condition is the empty prompt, encoded once by the SD 2.1 text encoder. */
  public static final ModelContract TEXT_ENCODER =
      new ModelContract(
          "text_encoder",
          List.of(SdxlContract.INPUT_IDS),
          List.of(TensorSpec.floats("last_hidden_state", 3)));

  /** CFW's encoder features, one per resolution (optional: plain SD VAEs have none). */
  static final TensorSpec ENC_FEA = TensorSpec.floats("enc_fea.*", 4).atLeast(1).asOptional();

  public static final ModelContract VAE_ENCODER =
      new ModelContract(
          "vae_encoder",
          List.of(TensorSpec.floats("sample", 4).fixed(1, 3)),
          List.of(
              TensorSpec.floats("latent_sample", 4).fixed(1, SdxlContract.LATENT_CHANNELS),
              ENC_FEA));

  static final TensorSpec STRUCT_COND = TensorSpec.floats("struct_cond.*", 4).atLeast(1);

  public static final ModelContract STRUCT_ENCODER =
      new ModelContract(
          "struct_encoder",
          List.of(
              TensorSpec.floats("lr_latent", 4).fixed(1, SdxlContract.LATENT_CHANNELS),
              SdxlContract.TIMESTEP),
          List.of(STRUCT_COND));

  public static final ModelContract UNET =
      new ModelContract(
          "unet",
          List.of(
              TensorSpec.floats("sample", 4).fixed(1, SdxlContract.LATENT_CHANNELS),
              SdxlContract.TIMESTEP,
              TensorSpec.floats("encoder_hidden_states", 3),
              STRUCT_COND),
          List.of(TensorSpec.floats("out_sample", 4).fixed(1, SdxlContract.LATENT_CHANNELS)));

  /**
   * SD's VAE decoder, or StableSR's CFW decoder: then also {@code enc_fea.0..K} (as the encoder
   * gave them) and {@code dec_w}, the fusion weight (float scalar or [1]).
   */
  public static final ModelContract VAE_DECODER =
      new ModelContract(
          "vae_decoder",
          List.of(
              TensorSpec.floats("latent_sample", 4).fixed(1, SdxlContract.LATENT_CHANNELS),
              ENC_FEA,
              TensorSpec.floats("dec_w", 1).orRank(0).asOptional()),
          List.of(TensorSpec.floats("sample", 4).fixed(1, 3)));

  /** The reference's CFW fusion weight ({@code --dec_w}). */
  public static final float CFW_WEIGHT = 0.5f;

  /** SD 2.1's VAE scaling factor. */
  public static final float VAE_SCALING_FACTOR = 0.18215f;

  public static final List<ModelContract> ALL =
      List.of(TEXT_ENCODER, VAE_ENCODER, STRUCT_ENCODER, UNET, VAE_DECODER);
}
