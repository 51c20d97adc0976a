package io.hybridsr.inference.diffusion;

/** The samplers a pipeline can be asked for by name (CLI flag {@code --scheduler}). */
public enum SchedulerKind {
  /** Euler discrete, SDXL's default in diffusers. */
  EULER,
  /** DPM-Solver++(2M): better images in fewer steps. */
  DPMPP_2M,
  /** DDIM, eta 0: StableSR's few-step sampler. */
  DDIM;

  /** A fresh sampler for one run, with SDXL's spacing ("leading", steps_offset 1). */
  public Scheduler create(NoiseSchedule schedule, int steps) {
    return switch (this) {
      case EULER -> new EulerDiscreteScheduler(schedule, steps, TimestepSpacing.LEADING, 1);
      case DPMPP_2M -> new DpmSolverPlusPlus2M(schedule, steps, 1);
      case DDIM -> new DdimScheduler(schedule, steps, TimestepSpacing.LEADING, 1);
    };
  }
}
