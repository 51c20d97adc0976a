package io.hybridsr.inference.sdxl;

/**
 * SDXL's text conditioning for one prompt: the per-token states of both encoders concatenated
 * ([sequence, dim1 + dim2], 77 x 2048 for the real models) and encoder 2's pooled projection.
 */
public record PromptEmbedding(float[] tokens, int sequence, int dim, float[] pooled) {

  /** The all-zero embedding SDXL uses for an empty negative prompt. */
  public static PromptEmbedding zerosLike(PromptEmbedding e) {
    return new PromptEmbedding(
        new float[e.tokens.length], e.sequence, e.dim, new float[e.pooled.length]);
  }
}
