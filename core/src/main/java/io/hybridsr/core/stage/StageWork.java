package io.hybridsr.core.stage;

import io.hybridsr.core.config.Configuration;
import io.hybridsr.core.config.GenerationSize;

/**
 * The units of work of each stage for one task and configuration, in the units that the runners'
 * times follow (see {@link Stage}).
 *
 * <p>Patch sizes follow the edge's cut: an n x n grid on the generated image, each patch padded by
 * {@code marginPx} on its inner sides, a fraction gamma of them (by count) in the foreground.
 * Which patches are foreground depends on the image, so the foreground's area is the expected
 * one: its share of the padded total.
 *
 * @param generation UNet mega cell-steps plus the VAE's share ({@link #of})
 * @param edgeSr foreground input megapixels, margins included (0 without SR)
 * @param linkFg foreground megapixels sent, at the target scale
 * @param linkBg background megapixels sent, at the generation size (everything when S = 1)
 * @param deviceSr background input megapixels for the device's SR (0 without SR)
 * @param stitch target megapixels
 */
public record StageWork(
    double generation, double edgeSr, double linkFg, double linkBg, double deviceSr, double stitch) {

  /** The units of {@code stage}. */
  public double units(Stage stage) {
    return switch (stage) {
      case GENERATION -> generation;
      case EDGE_SR -> edgeSr;
      case LINK_FG -> linkFg;
      case LINK_BG -> linkBg;
      case DEVICE_SR -> deviceSr;
      case STITCH -> stitch;
    };
  }

  /**
   * The work of generating {@code targetWidth x targetHeight} with configuration {@code c}.
   *
   * @param vaeWeight UNet mega cell-steps per decoded megapixel for the generation runner
   */
  public static StageWork of(int targetWidth, int targetHeight, Configuration c, int grid,
      double gamma, int marginPx, double vaeWeight) {
    GenerationSize r = GenerationSize.of(targetWidth, targetHeight, c.scale());
    double gen = r.latentCells() * (double) c.steps() / 1e6 + vaeWeight * r.pixels() / 1e6;
    double pad = 2.0 * marginPx * (grid - 1);
    double padded = (r.width() + pad) * (r.height() + pad) / 1e6;
    double target = (double) targetWidth * targetHeight / 1e6;
    if (!c.usesSuperResolution()) {
      return new StageWork(gen, 0, 0, padded, 0, target);
    }
    int cells = grid * grid;
    double fgShare = Math.round(gamma * cells) / (double) cells;
    double fg = fgShare * padded;
    double bg = padded - fg;
    double s2 = (double) c.scale() * c.scale();
    return new StageWork(gen, fg, fg * s2, bg, bg, target);
  }
}
