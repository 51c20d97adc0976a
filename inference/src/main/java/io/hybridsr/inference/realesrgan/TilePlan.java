package io.hybridsr.inference.realesrgan;

import io.hybridsr.core.partition.Rect;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each tile is read and written, as in Real-ESRGAN's {@code RealESRGANer.tile_process}.
 *
 * <p>A pure function of the image size and the tile settings, so it can be tested without a model:
 * the image is cut into {@code tile x tile} cores; each is read with {@code tilePad} extra pixels
 * of context on every side (clipped to the image) so that the network's border effects fall outside
 * the core; only the core's upscaled pixels are kept.
 *
 * <pre>{@code
 * for (TilePlan.Tile t : TilePlan.plan(w, h, 256, 10)) { ... t.padded() ... t.coreInPadded() ... }
 * }</pre>
 */
public final class TilePlan {
  private TilePlan() {}

  /**
   * One tile.
   *
   * @param core the input pixels this tile is responsible for
   * @param padded the input pixels fed to the network (core plus context, clipped)
   * @param coreInPadded the core's position inside the padded tile (multiply by the scale for the
   *     part of the network output to keep)
   */
  public record Tile(Rect core, Rect padded, Rect coreInPadded) {
    public Rect outputCore(int scale) {
      return core.scale(scale);
    }
  }

  /** Tiles covering a {@code width x height} image; {@code tile = 0} means one tile for all. */
  public static List<Tile> plan(int width, int height, int tile, int tilePad) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + width + "x" + height);
    }
    if (tile < 0 || tilePad < 0) {
      throw new IllegalArgumentException(
          "tile and tile pad must be >= 0, got " + tile + ", " + tilePad);
    }
    if (tile == 0 || (tile >= width && tile >= height)) {
      Rect all = new Rect(0, 0, width, height);
      return List.of(new Tile(all, all, all));
    }
    List<Tile> tiles = new ArrayList<>();
    int tilesX = (width + tile - 1) / tile;
    int tilesY = (height + tile - 1) / tile;
    for (int ty = 0; ty < tilesY; ty++) {
      for (int tx = 0; tx < tilesX; tx++) {
        int x0 = tx * tile;
        int y0 = ty * tile;
        Rect core =
            new Rect(x0, y0, Math.min(x0 + tile, width) - x0, Math.min(y0 + tile, height) - y0);
        Rect padded = core.expandWithin(tilePad, width, height);
        tiles.add(new Tile(core, padded, core.relativeTo(padded)));
      }
    }
    return tiles;
  }
}
