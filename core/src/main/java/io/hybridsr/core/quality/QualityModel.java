package io.hybridsr.core.quality;

import io.hybridsr.core.config.GenerationSize;
import io.hybridsr.core.profile.Profile;
import io.hybridsr.core.profile.ProfileKeys;

/**
 * Image quality (CLIPScore x 100) of a generation: Q = g(D, R) * m(gamma).
 *
 * <p>g(D, R) = peak * h(D) * r(R), with h(D) = 1 - a exp(-D / tau) (diminishing returns in steps,
 * Fig. 1b) and r(R) a log-normal bump around SDXL's native side: it rises with resolution and falls
 * past the peak where artefacts appear (Fig. 1b), steeper above than below. m(gamma) = 1 + mMax (1
 * - exp(-gamma / gamma0)) > 1 rises with diminishing returns in the diffusion-SR share (Fig. 8b);
 * without SR (S = 1) there is no enhancement and m = 1.
 */
public final class QualityModel {
  private final double peak;
  private final double peakSide;
  private final double sigmaBelow;
  private final double sigmaAbove;
  private final double stepAmplitude;
  private final double stepScale;
  private final double srGainMax;
  private final double srGainScale;
  private final double floor;

  public QualityModel(Profile p) {
    peak = p.value(ProfileKeys.Q_PEAK);
    peakSide = p.value(ProfileKeys.Q_PEAK_SIDE);
    sigmaBelow = p.value(ProfileKeys.Q_SIGMA_BELOW);
    sigmaAbove = p.value(ProfileKeys.Q_SIGMA_ABOVE);
    stepAmplitude = p.value(ProfileKeys.Q_STEP_AMPLITUDE);
    stepScale = p.value(ProfileKeys.Q_STEP_SCALE);
    srGainMax = p.value(ProfileKeys.Q_SR_GAIN_MAX);
    srGainScale = p.value(ProfileKeys.Q_SR_GAIN_SCALE);
    floor = p.value(ProfileKeys.Q_FLOOR);
  }

  /** h(D): the fraction of the step limit reached after D steps. */
  public double stepFactor(int steps) {
    return 1 - stepAmplitude * Math.exp(-steps / stepScale);
  }

  /** r(R): the fraction of peak quality at generation size R (1 at the peak side). */
  public double resolutionFactor(GenerationSize size) {
    double side = Math.sqrt((double) size.pixels());
    double x = Math.log(side / peakSide);
    double sigma = x < 0 ? sigmaBelow : sigmaAbove;
    return Math.exp(-x * x / (2 * sigma * sigma));
  }

  /** g(D, R), eq. (1). */
  public double generationQuality(int steps, GenerationSize size) {
    return peak * stepFactor(steps) * resolutionFactor(size);
  }

  /** m(gamma) >= 1, eq. (2). */
  public double srGain(double gamma) {
    return 1 + srGainMax * (1 - Math.exp(-gamma / srGainScale));
  }

  /** Q = g(D, R) * m(gamma); m = 1 when no SR runs. */
  public double quality(int steps, GenerationSize size, boolean superResolution, double gamma) {
    double g = generationQuality(steps, size);
    return superResolution ? g * srGain(gamma) : g;
  }

  /**
   * Quality scaled to [0, 1]: (Q - floor) / (Qbest - floor), where Qbest = peak * m(1) is the best
   * any configuration can reach. Can leave [0, 1] only for a pipeline with its own quality factor.
   */
  public double normalized(double quality) {
    return (quality - floor) / (peak * srGain(1.0) - floor);
  }
}
