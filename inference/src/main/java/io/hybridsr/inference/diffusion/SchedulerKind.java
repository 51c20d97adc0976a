package io.hybridsr.inference.diffusion;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The samplers a pipeline can be asked for by name (CLI flag {@code --scheduler}). */
public enum SchedulerKind {
  /** Euler discrete, SDXL's default in diffusers. */
  EULER,
  /** DPM-Solver++(2M): better images in fewer steps. */
  DPMPP_2M,
  /** DDIM, eta 0 (diffusers' {@code DDIMScheduler.from_config} of SDXL's scheduler config). */
  DDIM;

  /** A fresh sampler for one run, with SDXL's spacing ("leading", steps_offset 1). */
  public Scheduler create(NoiseSchedule schedule, int steps) {
    return switch (this) {
      case EULER -> new EulerDiscreteScheduler(schedule, steps, TimestepSpacing.LEADING, 1);
      case DPMPP_2M -> new DpmSolverPlusPlus2M(schedule, steps, 1);
      case DDIM -> new DdimScheduler(schedule, steps, TimestepSpacing.LEADING, 1);
    };
  }

  /** The CLI name: {@code euler}, {@code dpmpp-2m}, {@code ddim}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Parses a sampler name in any case, with {@code -} or {@code _}: {@code euler}, {@code dpmpp-2m}
   * (also {@code dpmpp_2m}, {@code DPMPP_2M}), {@code ddim}.
   */
  public static SchedulerKind parse(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (SchedulerKind k : values()) {
      if (k.name().equals(n)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown scheduler '"
            + name
            + "'; expected one of "
            + Arrays.stream(values())
                .map(SchedulerKind::cliName)
                .collect(Collectors.joining(", ")));
  }
}
