package io.hybridsr.core.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads PNG/JPEG files into {@link Picture}s and writes PNGs, with a clear error per bad file.
 *
 * <p>Why not plain {@code ImageIO.read}: it returns {@code null} for non-images, decodes a huge
 * file before anyone can refuse it, and writing in place leaves half a file when the process dies.
 * Here the size is checked from the header before decoding, and writes go to a temporary file that
 * is then moved over the target.
 *
 * <pre>{@code
 * Picture p = ImageFiles.read(Path.of("in.png"));
 * ImageFiles.writePng(p, Path.of("out.png"));
 * }</pre>
 */
public final class ImageFiles {
  /** Refuse images above this many pixels unless told otherwise (about 8K x 5K). */
  public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

  private ImageFiles() {}

  public static Picture read(Path file) throws ImageFileException {
    return read(file, DEFAULT_MAX_PIXELS);
  }

  /**
   * Decodes {@code file}; refuses it (naming it) when it is empty, not an image, truncated or too
   * large.
   */
  public static Picture read(Path file, long maxPixels) throws ImageFileException {
    if (!Files.isRegularFile(file)) {
      throw new ImageFileException(file, "no such file");
    }
    try {
      if (Files.size(file) == 0) {
        throw new ImageFileException(file, "file is empty (0 bytes), not an image");
      }
    } catch (IOException e) {
      throw new ImageFileException(file, "cannot read: " + e.getMessage(), e);
    }
    BufferedImage img;
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new ImageFileException(file, "cannot open for reading");
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageFileException(file, "not a PNG or JPEG image (unknown format)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int w;
        int h;
        try {
          w = reader.getWidth(0);
          h = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
          throw new ImageFileException(file, "unreadable image header: " + e.getMessage(), e);
        }
        if (w <= 0 || h <= 0) {
          throw new ImageFileException(file, "image has zero size (" + w + "x" + h + ")");
        }
        if ((long) w * h > maxPixels) {
          throw new ImageFileException(
              file,
              "image is "
                  + w
                  + "x"
                  + h
                  + " = "
                  + ((long) w * h)
                  + " pixels, over the limit of "
                  + maxPixels
                  + " pixels");
        }
        img = reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (ImageFileException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImageFileException(file, "truncated or corrupt image data: " + e.getMessage(), e);
    }
    if (img == null || img.getWidth() <= 0 || img.getHeight() <= 0) {
      throw new ImageFileException(file, "decoded to no pixels");
    }
    return toPicture(img);
  }

  /** Converts a decoded image; palette and packed images go through sRGB 8-bit. */
  public static Picture toPicture(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    ColorModel cm = img.getColorModel();
    Raster r = img.getRaster();
    boolean component = cm instanceof ComponentColorModel && !(cm instanceof IndexColorModel);
    int colours = cm.getNumColorComponents();
    if (component
        && (colours == 1 || colours == 3)
        && cm.getColorSpace().getType() != ColorSpace.TYPE_CMYK) {
      int bits = cm.getComponentSize(0);
      int depth = bits > 8 ? 16 : 8;
      float max = (float) ((1L << bits) - 1);
      ImageTensor rgb = new ImageTensor(3, h, w);
      ImageTensor alpha = cm.hasAlpha() ? new ImageTensor(1, h, w) : null;
      float[] d = rgb.data();
      int plane = w * h;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int i = y * w + x;
          if (colours == 1) {
            float g = r.getSample(x, y, 0) / max;
            d[i] = g;
            d[plane + i] = g;
            d[2 * plane + i] = g;
          } else {
            d[i] = r.getSample(x, y, 0) / max;
            d[plane + i] = r.getSample(x, y, 1) / max;
            d[2 * plane + i] = r.getSample(x, y, 2) / max;
          }
          if (alpha != null) {
            alpha.data()[i] = r.getSample(x, y, colours) / max;
          }
        }
      }
      return new Picture(rgb, alpha, colours == 1, depth);
    }
    ImageTensor rgb = new ImageTensor(3, h, w);
    ImageTensor alpha = cm.hasAlpha() ? new ImageTensor(1, h, w) : null;
    float[] d = rgb.data();
    int plane = w * h;
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      img.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int argb = row[x];
        int i = y * w + x;
        d[i] = ((argb >> 16) & 0xff) / 255f;
        d[plane + i] = ((argb >> 8) & 0xff) / 255f;
        d[2 * plane + i] = (argb & 0xff) / 255f;
        if (alpha != null) {
          alpha.data()[i] = ((argb >>> 24) & 0xff) / 255f;
        }
      }
    }
    return new Picture(rgb, alpha, false, 8);
  }

  /** The picture as a BufferedImage of its own bit depth, grey-ness and alpha. */
  public static BufferedImage toBufferedImage(Picture p) {
    int w = p.width();
    int h = p.height();
    int bands = (p.grey() ? 1 : 3) + (p.alpha() != null ? 1 : 0);
    int max = p.bitDepth() == 16 ? 65535 : 255;
    int type = p.bitDepth() == 16 ? DataBuffer.TYPE_USHORT : DataBuffer.TYPE_BYTE;
    ColorSpace cs = ColorSpace.getInstance(p.grey() ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
    ComponentColorModel cm =
        new ComponentColorModel(
            cs,
            p.alpha() != null,
            false,
            p.alpha() != null ? Transparency.TRANSLUCENT : Transparency.OPAQUE,
            type);
    WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
    float[] d = p.rgb().data();
    int plane = w * h;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        if (p.grey()) {
          raster.setSample(x, y, 0, quantize((d[i] + d[plane + i] + d[2 * plane + i]) / 3f, max));
        } else {
          raster.setSample(x, y, 0, quantize(d[i], max));
          raster.setSample(x, y, 1, quantize(d[plane + i], max));
          raster.setSample(x, y, 2, quantize(d[2 * plane + i], max));
        }
        if (p.alpha() != null) {
          raster.setSample(x, y, bands - 1, quantize(p.alpha().data()[i], max));
        }
      }
    }
    return new BufferedImage(cm, raster, false, null);
  }

  /** Writes an opaque 8-bit RGB PNG. */
  public static void writePng(ImageTensor rgb, Path file) throws ImageFileException {
    writePng(Picture.of(rgb), file);
  }

  /**
   * Writes {@code p} as a PNG: to a temporary file in the target's folder, then moved over the
   * target, so a reader never sees half a file.
   */
  public static void writePng(Picture p, Path file) throws ImageFileException {
    writePng(toBufferedImage(p), file);
  }

  public static void writePng(BufferedImage img, Path file) throws ImageFileException {
    Path abs = file.toAbsolutePath();
    Path tmp = null;
    try {
      Files.createDirectories(abs.getParent());
      tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".part");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        if (!ImageIO.write(img, "png", out)) {
          throw new ImageFileException(file, "no PNG writer for this image type");
        }
      }
      try {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (ImageFileException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageFileException(file, "cannot write PNG: " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the original error matters more than a leftover temporary file
        }
      }
    }
  }

  static int quantize(float v, int max) {
    float c = v < 0f ? 0f : (v > 1f ? 1f : v);
    return Math.round(c * max);
  }
}
