package io.hybridsr.inference.sdxl;

import io.hybridsr.inference.diffusion.SchedulerKind;
import java.util.Objects;

/**
 * What to generate: prompt, pixel size, denoising steps D, seed, guidance and sampler.
 *
 * <p>Sizes must be multiples of 8 (one latent pixel is 8x8 image pixels). An empty negative prompt
 * means zero unconditional embeddings, as SDXL's {@code force_zeros_for_empty_prompt}.
 *
 * <pre>{@code
 * GenerationRequest r = GenerationRequest.of("a red house", 1024, 1024, 30).withSeed(7);
 * }</pre>
 */
public record GenerationRequest(
    String prompt,
    String negativePrompt,
    int width,
    int height,
    int steps,
    long seed,
    double guidanceScale,
    SchedulerKind scheduler) {

  public static final double DEFAULT_GUIDANCE = 5.0;

  public GenerationRequest {
    Objects.requireNonNull(prompt, "prompt");
    negativePrompt = negativePrompt == null ? "" : negativePrompt;
    Objects.requireNonNull(scheduler, "scheduler");
    if (width <= 0 || height <= 0 || width % 8 != 0 || height % 8 != 0) {
      throw new IllegalArgumentException("size must be positive multiples of 8, got " + width + "x" + height);
    }
    if (steps < 1 || steps > 999) {
      throw new IllegalArgumentException("steps must be in 1..999, got " + steps);
    }
    if (!(guidanceScale >= 0) || Double.isInfinite(guidanceScale)) {
      throw new IllegalArgumentException("guidance scale must be finite and >= 0, got " + guidanceScale);
    }
  }

  /** SDXL defaults: Euler, guidance 5, seed 0, no negative prompt. */
  public static GenerationRequest of(String prompt, int width, int height, int steps) {
    return new GenerationRequest(prompt, "", width, height, steps, 0, DEFAULT_GUIDANCE, SchedulerKind.EULER);
  }

  public GenerationRequest withSeed(long s) {
    return new GenerationRequest(prompt, negativePrompt, width, height, steps, s, guidanceScale, scheduler);
  }

  public GenerationRequest withGuidance(double g) {
    return new GenerationRequest(prompt, negativePrompt, width, height, steps, seed, g, scheduler);
  }

  public GenerationRequest withScheduler(SchedulerKind k) {
    return new GenerationRequest(prompt, negativePrompt, width, height, steps, seed, guidanceScale, k);
  }

  public int latentWidth() {
    return width / 8;
  }

  public int latentHeight() {
    return height / 8;
  }
}
