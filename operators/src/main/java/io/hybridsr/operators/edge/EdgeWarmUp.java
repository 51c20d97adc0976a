package io.hybridsr.operators.edge;

import io.hybridsr.core.config.CandidateSets;
import io.hybridsr.core.config.GenerationSize;
import io.hybridsr.core.config.StandardResolution;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The generation sizes the edge serves one warm-up task at before its first task: every R = R~ / S
 * of the target resolutions it serves and the candidate scales, as Triton's model warm-up names the
 * input shapes to warm. A size's first run is 1.5-2x slower than the runs after it (ONNX Runtime
 * plans its buffers per input shape, and the code around the models is not compiled yet); warmed
 * here, no task pays for it and the planner learns from every task's times.
 *
 * <pre>{@code
 * EdgeWarmUp w = EdgeWarmUp.parse("1280x720,1920x1080"); // job config edge.warmup.targets
 * }</pre>
 */
public final class EdgeWarmUp implements Serializable {
  private static final long serialVersionUID = 1L;

  /** No sizes: only the edge's small fixed warm-up runs. */
  public static final EdgeWarmUp NONE = new EdgeWarmUp(List.of());

  private final int[] widths;
  private final int[] heights;

  private EdgeWarmUp(List<GenerationSize> sizes) {
    widths = sizes.stream().mapToInt(GenerationSize::width).toArray();
    heights = sizes.stream().mapToInt(GenerationSize::height).toArray();
  }

  /** The distinct generation sizes of {@code targets} (width, height) at the default scales. */
  public static EdgeWarmUp forTargets(List<int[]> targets) {
    Set<GenerationSize> sizes = new LinkedHashSet<>();
    for (int[] t : targets) {
      for (int s : CandidateSets.DEFAULT.scales()) {
        sizes.add(GenerationSize.of(t[0], t[1], s));
      }
    }
    return new EdgeWarmUp(new ArrayList<>(sizes));
  }

  /**
   * Target resolutions, {@code WIDTHxHEIGHT} or 720p, 1080p, 1440p, 2K, comma-separated; blank is
   * {@link #NONE}.
   */
  public static EdgeWarmUp parse(String targets) {
    List<int[]> out = new ArrayList<>();
    for (String t : targets.split(",")) {
      if (t.isBlank()) {
        continue;
      }
      int[] wh;
      try {
        wh = StandardResolution.widthHeight(t.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("edge.warmup.targets: " + e.getMessage(), e);
      }
      if (wh[0] <= 0 || wh[1] <= 0) {
        throw new IllegalArgumentException(
            "edge.warmup.targets: '" + t.trim() + "' is not a positive size");
      }
      out.add(wh);
    }
    return forTargets(out);
  }

  /** The generation sizes, in order, without repeats. */
  public List<GenerationSize> sizes() {
    List<GenerationSize> out = new ArrayList<>(widths.length);
    for (int i = 0; i < widths.length; i++) {
      out.add(new GenerationSize(widths[i], heights[i]));
    }
    return out;
  }
}
