package io.hybridsr.inference.stablesr;

import io.hybridsr.inference.contract.ModelContract;
import io.hybridsr.inference.contract.StableSrContract;
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
 * A StableSR export folder in this project's layout ({@link StableSrContract}), opened and checked:
 * tokenizer/, text_encoder/, vae_encoder/, struct_encoder/, unet/, vae_decoder/, each model as
 * {@code model.onnx} (ONNX Runtime, checked at load) or, failing that, {@code model.pt}
 * (TorchScript on DJL's PyTorch engine, checked on each call).
 */
public record StableSrModels(
    Path folder,
    boolean standIn,
    ClipTokenizer tokenizer,
    ModelComponent textEncoder,
    ModelComponent vaeEncoder,
    ModelComponent structEncoder,
    ModelComponent unet,
    ModelComponent vaeDecoder)
    implements AutoCloseable {

  /**
   * Closes the TorchScript components and releases the ONNX ones' holds on the {@link
   * SessionCache}'s shared sessions.
   */
  @Override
  public void close() {
    for (ModelComponent c : List.of(textEncoder, vaeEncoder, structEncoder, unet, vaeDecoder)) {
      c.close();
    }
  }

  public static StableSrModels load(Path folder, SessionCache cache) {
    List<String> missing = new ArrayList<>();
    if (!Files.isRegularFile(folder.resolve("tokenizer/vocab.json"))) {
      missing.add("tokenizer/vocab.json");
    }
    for (ModelContract c : StableSrContract.ALL) {
      if (!Files.isRegularFile(file(folder, c)) && !Files.isRegularFile(torchScript(folder, c))) {
        missing.add(c.model() + "/model.onnx (or model.pt)");
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "StableSR model folder "
              + folder
              + " is incomplete: missing "
              + missing
              + " (expected tokenizer/, text_encoder/, vae_encoder/, struct_encoder/, unet/, vae_decoder/; see docs/model-contracts.md)");
    }
    List<ModelComponent> opened = new ArrayList<>();
    try {
      ClipTokenizer tokenizer = ClipTokenizer.load(folder.resolve("tokenizer"));
      for (ModelContract c :
          List.of(
              StableSrContract.TEXT_ENCODER,
              StableSrContract.VAE_ENCODER,
              StableSrContract.STRUCT_ENCODER,
              StableSrContract.UNET,
              StableSrContract.VAE_DECODER)) {
        opened.add(component(folder, c, cache));
      }
      return new StableSrModels(
          folder,
          StandIns.isStandIn(folder),
          tokenizer,
          opened.get(0),
          opened.get(1),
          opened.get(2),
          opened.get(3),
          opened.get(4));
    } catch (IOException e) {
      opened.forEach(ModelComponent::close);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      opened.forEach(ModelComponent::close);
      throw e;
    }
  }

  private static ModelComponent component(Path folder, ModelContract c, SessionCache cache) {
    Path onnx = file(folder, c);
    if (Files.isRegularFile(onnx)) {
      return new OnnxComponent(cache.load(onnx, c));
    }
    return TorchScriptComponent.load(torchScript(folder, c), c);
  }

  public static Path torchScript(Path folder, ModelContract c) {
    return folder.resolve(c.model()).resolve("model.pt");
  }

  public static Path file(Path folder, ModelContract c) {
    return folder.resolve(c.model()).resolve("model.onnx");
  }
}
