package io.hybridsr.core.stage;

import io.hybridsr.core.config.Configuration;
import io.hybridsr.core.config.GenerationSize;

/**
 * The units of work of each stage for one task and configuration, two per stage, in the units that
 * the runners' times follow (see {@link Stage}).
 *
 * <p>Patch sizes follow the edge's cut: an n x n grid on the generated image, each patch padded by
 * {@code marginPx} on its inner sides, a fraction gamma of them (by count) in the foreground. Which
 * patches are foreground depends on the image, so the foreground's area is the expected one: its
 * share of the padded total.
 *
 * @param cellSteps UNet mega cell-steps: latent cells x D / 1e6
 * @param decoded megapixels the VAE decodes (R)
 * @param edgeSrIn foreground input megapixels, margins included (0 without SR)
 * @param edgeSrOut the same upscaled by S (what is resampled and encoded)
 * @param linkFg foreground megapixels sent, at the target scale
 * @param linkBg background megapixels sent, at the generation size (everything when S = 1)
 * @param deviceSrIn background input megapixels for the device's SR (0 without SR)
 * @param deviceSrOut the same upscaled by S
 * @param stitch target megapixels
 */
public record StageWork(
    double cellSteps,
    double decoded,
    double edgeSrIn,
    double edgeSrOut,
    double linkFg,
    double linkBg,
    double deviceSrIn,
    double deviceSrOut,
    double stitch)
    implements java.io.Serializable {

  /** The first unit of {@code stage}. */
  public double units(Stage stage) {
    return switch (stage) {
      case GENERATION -> cellSteps;
      case EDGE_SR -> edgeSrIn;
      case LINK_FG -> linkFg;
      case LINK_BG -> linkBg;
      case DEVICE_SR -> deviceSrIn;
      case STITCH -> stitch;
    };
  }

  /** The second unit of {@code stage} (0 for one-unit stages). */
  public double units2(Stage stage) {
    return switch (stage) {
      case GENERATION -> decoded;
      case EDGE_SR -> edgeSrOut;
      case DEVICE_SR -> deviceSrOut;
      default -> 0;
    };
  }

  /** The work of generating {@code targetWidth x targetHeight} with configuration {@code c}. */
  public static StageWork of(
      int targetWidth, int targetHeight, Configuration c, int grid, double gamma, int marginPx) {
    GenerationSize r = GenerationSize.of(targetWidth, targetHeight, c.scale());
    double cellSteps = r.latentCells() * (double) c.steps() / 1e6;
    double decoded = r.pixels() / 1e6;
    double pad = 2.0 * marginPx * (grid - 1);
    double padded = (r.width() + pad) * (r.height() + pad) / 1e6;
    double target = (double) targetWidth * targetHeight / 1e6;
    if (!c.usesSuperResolution()) {
      return new StageWork(cellSteps, decoded, 0, 0, 0, padded, 0, 0, target);
    }
    int cells = grid * grid;
    double fgShare = Math.round(gamma * cells) / (double) cells;
    double fg = fgShare * padded;
    double bg = padded - fg;
    double s2 = (double) c.scale() * c.scale();
    return new StageWork(cellSteps, decoded, fg, fg * s2, fg * s2, bg, bg, bg * s2, target);
  }
}
