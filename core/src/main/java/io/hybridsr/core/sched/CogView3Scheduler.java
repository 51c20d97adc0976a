package io.hybridsr.core.sched;

import io.hybridsr.core.config.Configuration;
import io.hybridsr.core.config.GenerationSize;
import io.hybridsr.core.latency.LatencyEstimate;
import io.hybridsr.core.latency.RelayDiffusionModel;
import io.hybridsr.core.profile.ProfileKeys;
import io.hybridsr.core.quality.QualityModel;
import io.hybridsr.core.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The paper's CogView3 baseline: a fixed cascade (512 px base, relay diffusion SR stages) run
 * wholly on the edge, with its own profile section ({@code cogview3}, cited).
 *
 * <p>Nothing is chosen, so when the cascade breaks L0 or the edge budget the answer is the cascade
 * anyway, flagged degraded with the reason. Its quality is its quality factor times SDXL's g at the
 * base steps and the peak side: relay diffusion avoids the artefacts of direct high-resolution
 * generation. Its relay stage is trained for one 2x step (512 to 1024 px); every further relay
 * stage (targets past about 1400 px per side: 1080p, 1440p, 2K) multiplies the quality by {@value
 * #EXTRA_STAGE_QUALITY_KEY} (at most 1; 1 when the profile lacks it): a cascade re-synthesising a
 * generated image compounds its artefacts. Reported as configuration [S = 2^stages, D = base
 * steps].
 */
public final class CogView3Scheduler implements Scheduler {
  /** Optional profile key: quality factor per relay stage past the first (default 1). */
  public static final String EXTRA_STAGE_QUALITY_KEY = "cogview3.extraStageQuality";

  private final RelayDiffusionModel relay;
  private final QualityModel quality;
  private final ConfigurationEvaluator evaluator;
  private final double qualityFactor;
  private final double peakSide;
  private final double extraStageQuality;

  public CogView3Scheduler(ConfigurationEvaluator evaluator) {
    this.evaluator = evaluator;
    this.relay = new RelayDiffusionModel(evaluator.profile(), evaluator.edgeCapacityRatio());
    this.quality = evaluator.qualityModel();
    this.qualityFactor = evaluator.profile().value(ProfileKeys.COG_QUALITY);
    this.peakSide = evaluator.profile().value(ProfileKeys.Q_PEAK_SIDE);
    this.extraStageQuality =
        evaluator.profile().figures().containsKey(EXTRA_STAGE_QUALITY_KEY)
            ? evaluator.profile().value(EXTRA_STAGE_QUALITY_KEY)
            : 1.0;
    if (!(extraStageQuality > 0 && extraStageQuality <= 1)) {
      throw new IllegalArgumentException(
          EXTRA_STAGE_QUALITY_KEY + " must be in (0, 1] but was " + extraStageQuality);
    }
  }

  /** Quality (CLIPScore x 100) of the cascade's image at a target size. */
  public double quality(int targetWidth, int targetHeight) {
    int side = (int) Math.round(peakSide);
    int stages = relay.relayStages(targetWidth, targetHeight);
    return qualityFactor
        * quality.generationQuality(relay.baseSteps(), new GenerationSize(side, side))
        * Math.pow(extraStageQuality, Math.max(0, stages - 1));
  }

  @Override
  public String name() {
    return "cogview3";
  }

  @Override
  public ScheduleResult schedule(List<Task> window, Budget budget) {
    List<Assignment> out = new ArrayList<>(window.size());
    for (Task t : window) {
      double q = quality(t.targetWidth(), t.targetHeight());
      double qScaled = quality.normalized(q);
      LatencyEstimate e = relay.estimate(t.targetWidth(), t.targetHeight());
      double seconds = e.latency().total();
      double u = qScaled - t.lambda() * evaluator.utilityModel().scaledLatency(seconds);
      int stages = relay.relayStages(t.targetWidth(), t.targetHeight());
      out.add(
          new Assignment(
              t,
              new Configuration(1 << stages, relay.baseSteps()),
              e.latency(),
              q,
              u,
              e.edgeLoad(),
              0));
    }
    ScheduleResult r = ScheduleResult.of(name(), out, budget, false, "", 0);
    if (r.feasible()) {
      return r;
    }
    String reason =
        String.format(
            Locale.ROOT,
            "CogView3's fixed cascade does not fit: %d constraint breach(es) (edge load %.3g FLOP,"
                + " Cmax %.3g; L0 %.0f s); answered with the cascade anyway",
            r.violations(budget),
            r.edgeLoad(),
            budget.edgeFlops(),
            budget.latencyBoundSeconds());
    return ScheduleResult.of(name(), out, budget, true, reason, 0);
  }
}
