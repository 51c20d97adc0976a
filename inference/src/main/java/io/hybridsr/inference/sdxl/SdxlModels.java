package io.hybridsr.inference.sdxl;

import io.hybridsr.inference.contract.ElementType;
import io.hybridsr.inference.contract.ModelContract;
import io.hybridsr.inference.contract.SdxlContract;
import io.hybridsr.inference.onnx.LoadedModel;
import io.hybridsr.inference.onnx.SessionCache;
import io.hybridsr.inference.onnx.SharedSessions;
import io.hybridsr.inference.standin.StandIns;
import io.hybridsr.inference.tokenizer.ClipTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An SDXL export folder in Optimum's ONNX layout, opened and checked: two tokenizers, two text
 * encoders, the UNet and the VAE decoder.
 *
 * <pre>
 * DIR/tokenizer/{vocab.json, merges.txt, ...}     DIR/text_encoder/model.onnx
 * DIR/tokenizer_2/{vocab.json, merges.txt, ...}   DIR/text_encoder_2/model.onnx
 * DIR/unet/model.onnx (+ model.onnx_data)         DIR/vae_decoder/model.onnx
 * </pre>
 *
 * <p>Every model is checked against {@link SdxlContract} as it is opened; a missing folder or a
 * mismatching model is refused with the file named. Both Optimum generations load (UNet timestep as
 * an int64 vector or a float32 scalar; int32 or int64 input ids). A float16 VAE decoder is upcast
 * to float32 unless its config declares it fp16-safe ({@link #vaeDecoder}).
 */
public record SdxlModels(
    Path folder,
    boolean standIn,
    ClipTokenizer tokenizer,
    ClipTokenizer tokenizer2,
    LoadedModel textEncoder,
    LoadedModel textEncoder2,
    LoadedModel unet,
    LoadedModel vaeDecoder,
    List<SharedSessions.Lease<LoadedModel>> leases)
    implements AutoCloseable {

  /** Releases this pipeline's holds on its sessions (each closes with its last holder). */
  @Override
  public void close() {
    leases.forEach(SharedSessions.Lease::close);
  }

  /**
   * Opens {@code folder} through {@code cache} (sessions are shared with its other users); the
   * caller owns the result and closes it.
   */
  public static SdxlModels load(Path folder, SessionCache cache) {
    List<String> missing = new ArrayList<>();
    for (String d : List.of("tokenizer", "tokenizer_2")) {
      if (!Files.isRegularFile(folder.resolve(d).resolve("vocab.json"))) {
        missing.add(d + "/vocab.json");
      }
    }
    for (ModelContract c : SdxlContract.ALL) {
      if (!Files.isRegularFile(modelFile(folder, c))) {
        missing.add(c.model() + "/model.onnx");
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "SDXL model folder "
              + folder
              + " is incomplete: missing "
              + missing
              + " (expected an Optimum ONNX export: text_encoder/, text_encoder_2/, unet/, vae_decoder/, tokenizer/, tokenizer_2/)");
    }
    List<SharedSessions.Lease<LoadedModel>> leases = new ArrayList<>();
    try {
      ClipTokenizer tokenizer = ClipTokenizer.load(folder.resolve("tokenizer"));
      ClipTokenizer tokenizer2 = ClipTokenizer.load(folder.resolve("tokenizer_2"));
      for (ModelContract c :
          List.of(SdxlContract.TEXT_ENCODER, SdxlContract.TEXT_ENCODER_2, SdxlContract.UNET)) {
        leases.add(cache.load(modelFile(folder, c), c));
      }
      leases.add(vaeDecoder(folder, cache));
      return new SdxlModels(
          folder,
          StandIns.isStandIn(folder),
          tokenizer,
          tokenizer2,
          leases.get(0).get(),
          leases.get(1).get(),
          leases.get(2).get(),
          leases.get(3).get(),
          List.copyOf(leases));
    } catch (IOException e) {
      leases.forEach(SharedSessions.Lease::close);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      leases.forEach(SharedSessions.Lease::close);
      throw e;
    }
  }

  /**
   * The VAE decoder, safe from float16 overflow: a float32 export as is; a float16 one as is only
   * when its config says it is fp16-safe ({@code "force_upcast": false}, as the fp16-fix VAE),
   * otherwise upcast to float32 as diffusers does ({@link Fp16Upcast}), or refused when that is
   * impossible.
   */
  static SharedSessions.Lease<LoadedModel> vaeDecoder(Path folder, SessionCache cache) {
    Path file = modelFile(folder, SdxlContract.VAE_DECODER);
    SharedSessions.Lease<LoadedModel> vae = cache.load(file, SdxlContract.VAE_DECODER);
    if (vae.get().precision() != ElementType.FLOAT16
        || Fp16Upcast.knownFp16Safe(file.getParent())) {
      return vae;
    }
    vae.close(); // the float16 file is replaced by its upcast copy
    try {
      return cache.load(
          Fp16Upcast.toFloat32(file, StandIns.cacheRoot().resolve("fp16-upcast")),
          SdxlContract.VAE_DECODER);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "vae_decoder "
              + file
              + " is float16 and not known to be fp16-safe (its config.json"
              + " does not say \"force_upcast\": false), and it cannot be upcast to float32: "
              + e.getMessage()
              + ". SDXL's VAE overflows in float16 (black images).",
          e);
    }
  }

  public static Path modelFile(Path folder, ModelContract contract) {
    return folder.resolve(contract.model()).resolve("model.onnx");
  }
}
