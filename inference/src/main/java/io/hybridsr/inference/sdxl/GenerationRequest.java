package io.hybridsr.inference.sdxl;

import io.hybridsr.inference.diffusion.SchedulerKind;
import java.util.Objects;

/**
 * What to generate: prompts, pixel size, denoising steps D, seed (or given initial latents),
 * guidance and sampler.
 *
 * <p>Sizes must be multiples of 8 (one latent pixel is 8x8 image pixels). Prompts follow diffusers'
 * {@code StableDiffusionXLPipeline}: {@code prompt2} (for text_encoder_2) defaults to {@code
 * prompt}; a {@code null} negative prompt means zero unconditional embeddings (SDXL's {@code
 * force_zeros_for_empty_prompt}), while an empty string {@code ""} is encoded like any other text;
 * {@code negativePrompt2} defaults to {@code negativePrompt}.
 *
 * <p>{@code initialLatents}, when given, replaces the seeded noise: it is what diffusers takes as
 * {@code latents=} (4 x H/8 x W/8, unit scale, before the sampler's initial-sigma scaling), so a
 * run can be compared with another implementation's step by step.
 *
 * <pre>{@code
 * GenerationRequest r = GenerationRequest.of("a red house", 1024, 1024, 30).withSeed(7);
 * }</pre>
 */
public record GenerationRequest(
    String prompt,
    String prompt2,
    String negativePrompt,
    String negativePrompt2,
    int width,
    int height,
    int steps,
    long seed,
    double guidanceScale,
    SchedulerKind scheduler,
    float[] initialLatents) {

  public static final double DEFAULT_GUIDANCE = 5.0;

  public GenerationRequest {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(scheduler, "scheduler");
    if (width <= 0 || height <= 0 || width % 8 != 0 || height % 8 != 0) {
      throw new IllegalArgumentException(
          "size must be positive multiples of 8, got " + width + "x" + height);
    }
    if (steps < 1 || steps > 999) {
      throw new IllegalArgumentException("steps must be in 1..999, got " + steps);
    }
    if (!(guidanceScale >= 0) || Double.isInfinite(guidanceScale)) {
      throw new IllegalArgumentException(
          "guidance scale must be finite and >= 0, got " + guidanceScale);
    }
    if (initialLatents != null) {
      int want = 4 * (height / 8) * (width / 8);
      if (initialLatents.length != want) {
        throw new IllegalArgumentException(
            "initial latents for "
                + width
                + "x"
                + height
                + " must have 4 x "
                + height / 8
                + " x "
                + width / 8
                + " = "
                + want
                + " values, got "
                + initialLatents.length);
      }
      for (float v : initialLatents) {
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException("initial latents contain a non-finite value: " + v);
        }
      }
    }
  }

  /**
   * The earlier form: one prompt for both encoders, seeded noise; {@code negativePrompt} null for
   * zero embeddings.
   */
  public GenerationRequest(
      String prompt,
      String negativePrompt,
      int width,
      int height,
      int steps,
      long seed,
      double guidanceScale,
      SchedulerKind scheduler) {
    this(
        prompt,
        null,
        negativePrompt,
        null,
        width,
        height,
        steps,
        seed,
        guidanceScale,
        scheduler,
        null);
  }

  /** SDXL defaults: Euler, guidance 5, seed 0, no negative prompt (zero embeddings). */
  public static GenerationRequest of(String prompt, int width, int height, int steps) {
    return new GenerationRequest(
        prompt, null, width, height, steps, 0, DEFAULT_GUIDANCE, SchedulerKind.EULER);
  }

  public GenerationRequest withSeed(long s) {
    return new GenerationRequest(
        prompt,
        prompt2,
        negativePrompt,
        negativePrompt2,
        width,
        height,
        steps,
        s,
        guidanceScale,
        scheduler,
        initialLatents);
  }

  public GenerationRequest withGuidance(double g) {
    return new GenerationRequest(
        prompt,
        prompt2,
        negativePrompt,
        negativePrompt2,
        width,
        height,
        steps,
        seed,
        g,
        scheduler,
        initialLatents);
  }

  public GenerationRequest withScheduler(SchedulerKind k) {
    return new GenerationRequest(
        prompt,
        prompt2,
        negativePrompt,
        negativePrompt2,
        width,
        height,
        steps,
        seed,
        guidanceScale,
        k,
        initialLatents);
  }

  /** The same request with prompts for text_encoder_2 (null: the same as for text_encoder). */
  public GenerationRequest withPrompt2(String p2, String negative2) {
    return new GenerationRequest(
        prompt,
        p2,
        negativePrompt,
        negative2,
        width,
        height,
        steps,
        seed,
        guidanceScale,
        scheduler,
        initialLatents);
  }

  /** The same request with a negative prompt (null: zero embeddings; "" is encoded). */
  public GenerationRequest withNegativePrompt(String negative) {
    return new GenerationRequest(
        prompt,
        prompt2,
        negative,
        negativePrompt2,
        width,
        height,
        steps,
        seed,
        guidanceScale,
        scheduler,
        initialLatents);
  }

  /**
   * The same request starting from {@code latents} (diffusers' {@code latents=}) instead of seeded
   * noise.
   */
  public GenerationRequest withInitialLatents(float[] latents) {
    return new GenerationRequest(
        prompt,
        prompt2,
        negativePrompt,
        negativePrompt2,
        width,
        height,
        steps,
        seed,
        guidanceScale,
        scheduler,
        latents == null ? null : latents.clone());
  }

  /**
   * The prompt for text_encoder_2: {@code prompt2} unless null or empty, else the prompt (as
   * diffusers).
   */
  public String effectivePrompt2() {
    return prompt2 != null && !prompt2.isEmpty() ? prompt2 : prompt;
  }

  /**
   * The negative prompt for text_encoder_2 when the negative is encoded (as diffusers' {@code or}).
   */
  public String effectiveNegativePrompt2() {
    return negativePrompt2 != null && !negativePrompt2.isEmpty()
        ? negativePrompt2
        : negativePrompt == null ? "" : negativePrompt;
  }

  /**
   * Whether the unconditional embeddings are zeros: no negative prompt (null), as diffusers with
   * {@code force_zeros_for_empty_prompt}, whatever {@code negativePrompt2} says.
   */
  public boolean zeroNegative() {
    return negativePrompt == null;
  }

  public int latentWidth() {
    return width / 8;
  }

  public int latentHeight() {
    return height / 8;
  }
}
