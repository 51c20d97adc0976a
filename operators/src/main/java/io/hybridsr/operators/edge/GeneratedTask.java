package io.hybridsr.operators.edge;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.operators.plan.PlannedTask;

/** A planned task after SDXL: its final latent and decoded image, or why generation failed. */
public class GeneratedTask {
  public PlannedTask planned;
  public ImageTensor latent;
  public ImageTensor image;
  /** Measured T1: generation (text encoding, denoising, decoding), seconds. */
  public double generationSeconds;
  /** Non-null when the model failed or timed out; the task then gets a FAILED outcome. */
  public String failure;

  public GeneratedTask() {}

  public static GeneratedTask failed(PlannedTask p, String why) {
    GeneratedTask g = new GeneratedTask();
    g.planned = p;
    g.failure = why;
    return g;
  }
}
