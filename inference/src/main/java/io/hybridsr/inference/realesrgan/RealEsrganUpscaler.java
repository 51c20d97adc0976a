package io.hybridsr.inference.realesrgan;

import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.partition.Rect;
import io.hybridsr.inference.SuperResolver;
import java.util.List;

/**
 * Real-ESRGAN as a {@link SuperResolver}: translator, tiling and a shared session put together.
 *
 * <p>Immutable and thread-safe (the session is). It holds a share of its session, which closes with
 * the last runner on it ({@link #close()}). The tiling follows RealESRGANer: optional reflect
 * pre-padding on the right and bottom, tiles with context padding, only each tile's core kept.
 *
 * <pre>{@code
 * try (RealEsrganUpscaler sr = RealEsrganModels.open(store, RealEsrganModel.X4PLUS, RealEsrganOptions.defaults())) {
 *   ImageTensor out = sr.upscale(rgb, (done, total) -> bar.stepTo(done));
 * }
 * }</pre>
 */
public final class RealEsrganUpscaler implements SuperResolver {
  /** Told after each tile, e.g. to move a progress bar. */
  @FunctionalInterface
  public interface TileListener {
    void tileDone(int done, int total);
  }

  private final RealEsrganSession session;
  private final AutoCloseable hold;
  private final RealEsrganTranslator translator;
  private final RealEsrganOptions options;
  private final String name;
  private final int scale;
  private final double flopsPerInputPixel;

  /**
   * A runner on {@code session}; closing it closes {@code hold} (a lease on a shared session, or
   * nothing when someone else owns the session).
   */
  public RealEsrganUpscaler(
      RealEsrganSession session,
      AutoCloseable hold,
      RealEsrganOptions options,
      String name,
      int scale,
      double flopsPerInputPixel) {
    if (options.tilePad() < 0) {
      throw new IllegalArgumentException(
          "tilePad must be resolved to >= 0 here, got " + options.tilePad());
    }
    this.session = session;
    this.hold = hold;
    this.translator = new RealEsrganTranslator();
    this.options = options;
    this.name = name;
    this.scale = scale;
    this.flopsPerInputPixel = flopsPerInputPixel;
  }

  /**
   * A runner on the same session with other tiling settings (threads stay the session's). It
   * borrows this runner's session: it holds nothing, and is usable while this one is open.
   */
  public RealEsrganUpscaler withOptions(RealEsrganOptions o) {
    return new RealEsrganUpscaler(session, () -> {}, o, name, scale, flopsPerInputPixel);
  }

  /** Releases this runner's hold on its session. */
  @Override
  public void close() {
    try {
      hold.close();
    } catch (Exception e) {
      throw new IllegalStateException(name + ": cannot release its session: " + e.getMessage(), e);
    }
  }

  @Override
  public ImageTensor upscale(ImageTensor rgb) {
    return upscale(rgb, (d, t) -> {});
  }

  public ImageTensor upscale(ImageTensor rgb, TileListener listener) {
    return translator.toImage(upscaleRaw(rgb, listener));
  }

  /** The network's output before clamping and rounding (tiled as configured). */
  public ImageTensor upscaleRaw(ImageTensor rgb, TileListener listener) {
    ImageTensor in = translator.toInput(rgb);
    int pre = Math.min(options.prePad(), Math.min(in.width(), in.height()) - 1);
    ImageTensor padded = pre > 0 ? reflectPadRightBottom(in, pre) : in;
    List<TilePlan.Tile> tiles =
        TilePlan.plan(padded.width(), padded.height(), options.tile(), options.tilePad());
    ImageTensor out;
    if (tiles.size() == 1) {
      out = session.forward(padded);
      listener.tileDone(1, 1);
    } else {
      out = new ImageTensor(3, padded.height() * scale, padded.width() * scale);
      int done = 0;
      for (TilePlan.Tile t : tiles) {
        Rect p = t.padded();
        ImageTensor y = session.forward(padded.crop(p.x(), p.y(), p.width(), p.height()));
        Rect keep = t.coreInPadded().scale(scale);
        Rect dst = t.outputCore(scale);
        out.paste(y.crop(keep.x(), keep.y(), keep.width(), keep.height()), dst.x(), dst.y());
        listener.tileDone(++done, tiles.size());
      }
    }
    if (pre > 0) {
      out = out.crop(0, 0, in.width() * scale, in.height() * scale);
    }
    return out;
  }

  /** The bare network on the whole input, no tiling or translation: for benchmarks. */
  public ImageTensor forward(ImageTensor rgb) {
    return session.forward(rgb);
  }

  static ImageTensor reflectPadRightBottom(ImageTensor t, int pad) {
    int w = t.width() + pad;
    int h = t.height() + pad;
    ImageTensor out = new ImageTensor(t.channels(), h, w);
    for (int c = 0; c < t.channels(); c++) {
      for (int y = 0; y < h; y++) {
        int sy = y < t.height() ? y : 2 * (t.height() - 1) - y;
        for (int x = 0; x < w; x++) {
          int sx = x < t.width() ? x : 2 * (t.width() - 1) - x;
          out.set(c, y, x, t.get(c, sy, sx));
        }
      }
    }
    return out;
  }

  @Override
  public int scale() {
    return scale;
  }

  @Override
  public String name() {
    return name;
  }

  public RealEsrganOptions options() {
    return options;
  }

  /** Floating-point operations per input pixel of one forward pass. */
  public double flopsPerInputPixel() {
    return flopsPerInputPixel;
  }

  public int threads() {
    return session.threads();
  }
}
