package io.hybridsr.inference.stablesr;

import io.hybridsr.inference.contract.ModelContract;
import io.hybridsr.inference.contract.StableSrContract;
import io.hybridsr.inference.onnx.LoadedModel;
import io.hybridsr.inference.onnx.SessionCache;
import io.hybridsr.inference.standin.StandIns;
import io.hybridsr.inference.tokenizer.ClipTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A StableSR export folder in this project's ONNX layout ({@link StableSrContract}), opened and
 * checked: tokenizer/, text_encoder/, vae_encoder/, struct_encoder/, unet/, vae_decoder/, each
 * model as {@code model.onnx}.
 */
public record StableSrModels(
    Path folder,
    boolean standIn,
    ClipTokenizer tokenizer,
    LoadedModel textEncoder,
    LoadedModel vaeEncoder,
    LoadedModel structEncoder,
    LoadedModel unet,
    LoadedModel vaeDecoder) {

  public static StableSrModels load(Path folder, SessionCache cache) {
    List<String> missing = new ArrayList<>();
    if (!Files.isRegularFile(folder.resolve("tokenizer/vocab.json"))) {
      missing.add("tokenizer/vocab.json");
    }
    for (ModelContract c : StableSrContract.ALL) {
      if (!Files.isRegularFile(file(folder, c))) {
        missing.add(c.model() + "/model.onnx");
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("StableSR model folder " + folder + " is incomplete: missing " + missing
          + " (expected tokenizer/, text_encoder/, vae_encoder/, struct_encoder/, unet/, vae_decoder/; see docs/model-contracts.md)");
    }
    try {
      return new StableSrModels(
          folder,
          StandIns.isStandIn(folder),
          ClipTokenizer.load(folder.resolve("tokenizer")),
          cache.load(file(folder, StableSrContract.TEXT_ENCODER), StableSrContract.TEXT_ENCODER),
          cache.load(file(folder, StableSrContract.VAE_ENCODER), StableSrContract.VAE_ENCODER),
          cache.load(file(folder, StableSrContract.STRUCT_ENCODER), StableSrContract.STRUCT_ENCODER),
          cache.load(file(folder, StableSrContract.UNET), StableSrContract.UNET),
          cache.load(file(folder, StableSrContract.VAE_DECODER), StableSrContract.VAE_DECODER));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path file(Path folder, ModelContract c) {
    return folder.resolve(c.model()).resolve("model.onnx");
  }
}
