package io.hybridsr.inference.sdxl;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hybridsr.inference.onnx.LoadedModel;
import io.hybridsr.inference.onnx.Tensors;
import io.hybridsr.inference.tokenizer.ClipTokenizer;
import java.util.List;
import java.util.Map;

/**
 * Runs SDXL's two CLIP text encoders on a prompt: the penultimate hidden states of both,
 * concatenated per token, and the pooled, projected embedding of the second (as diffusers' {@code
 * encode_prompt} with {@code clip_skip=None}).
 */
public final class SdxlTextEncoder {
  private final SdxlModels models;

  public SdxlTextEncoder(SdxlModels models) {
    this.models = models;
  }

  public PromptEmbedding encode(String prompt) throws OrtException {
    return encode(prompt, prompt);
  }

  /**
   * {@code prompt} through text_encoder, {@code prompt2} through text_encoder_2 (diffusers' {@code
   * prompt_2}).
   */
  public PromptEmbedding encode(String prompt, String prompt2) throws OrtException {
    Hidden a = run(models.textEncoder(), models.tokenizer(), prompt, false);
    Hidden b = run(models.textEncoder2(), models.tokenizer2(), prompt2, true);
    if (a.sequence != b.sequence) {
      throw new IllegalStateException(
          "text encoders disagree on sequence length: " + a.sequence + " vs " + b.sequence);
    }
    int dim = a.dim + b.dim;
    float[] tokens = new float[a.sequence * dim];
    for (int s = 0; s < a.sequence; s++) {
      System.arraycopy(a.states, s * a.dim, tokens, s * dim, a.dim);
      System.arraycopy(b.states, s * b.dim, tokens, s * dim + a.dim, b.dim);
    }
    return new PromptEmbedding(tokens, a.sequence, dim, b.pooled);
  }

  private record Hidden(float[] states, int sequence, int dim, float[] pooled) {}

  private static Hidden run(LoadedModel model, ClipTokenizer tok, String prompt, boolean pooled)
      throws OrtException {
    int[] ids = tok.encode(prompt);
    List<String> hidden = model.check().family("hidden_states.*");
    String penultimate = hidden.get(hidden.size() - 2);
    try (OnnxTensor in =
            Tensors.ints(ids, new long[] {1, ids.length}, model.inputType("input_ids"));
        OrtSession.Result r = model.session().run(Map.of("input_ids", in))) {
      var h = r.get(penultimate).orElseThrow();
      long[] shape = Tensors.shape(h);
      float[] states = Tensors.readFloats(h);
      float[] p = pooled ? Tensors.readFloats(r.get("text_embeds").orElseThrow()) : null;
      return new Hidden(states, (int) shape[1], (int) shape[2], p);
    }
  }
}
