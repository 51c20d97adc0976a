package io.hybridsr.inference.quant;

import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Resampler;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * 128 px corner crops of the project's photos, shipped in this jar with their licences ({@code
 * crops/SOURCES.md}), in two disjoint sets: {@link #CALIBRATION} (top-left and bottom-right
 * corners) sets the int8 activation ranges, {@link #HOLD_OUT} (the other two corners) measures what
 * a precision costs in quality.
 *
 * <p>Why two sets: a quality check on the pictures the scales were fitted to would flatter the int8
 * graph. Neither set shares a pixel with the 256 px centre crops {@code evaluate-sr} scores.
 *
 * <pre>{@code
 * List<PhotoCrops.Crop> check = PhotoCrops.load(PhotoCrops.HOLD_OUT);
 * ImageTensor low = check.get(0).low(); // 32 x 32, what the network sees
 * }</pre>
 */
public final class PhotoCrops {
  /** Crops whose activations set the int8 scales. */
  public static final List<String> CALIBRATION =
      List.of(
          "astronaut-tl",
          "astronaut-br",
          "coffee-tl",
          "coffee-br",
          "ihc-tl",
          "ihc-br",
          "rocket-tl",
          "rocket-br");

  /** Crops never used for calibration: the device's quality check. */
  public static final List<String> HOLD_OUT =
      List.of(
          "astronaut-tr",
          "astronaut-bl",
          "coffee-tr",
          "coffee-bl",
          "ihc-tr",
          "ihc-bl",
          "rocket-tr",
          "rocket-bl");

  /**
   * One crop: the 128 px original and its 4x antialiased bicubic downscale (as {@code evaluate-sr}
   * makes its inputs), the low-resolution picture a super-resolution network sees.
   */
  public record Crop(String name, ImageTensor original, ImageTensor low) {}

  private PhotoCrops() {}

  /** The crops named, in order. */
  public static List<Crop> load(List<String> names) {
    return names.stream().map(PhotoCrops::load).toList();
  }

  /** The low-resolution inputs of {@link #CALIBRATION}. */
  public static List<ImageTensor> calibrationInputs() {
    return load(CALIBRATION).stream().map(Crop::low).toList();
  }

  private static Crop load(String name) {
    String res = "crops/" + name + ".png";
    try (InputStream in = PhotoCrops.class.getResourceAsStream(res)) {
      if (in == null) {
        throw new IllegalStateException("photo crop " + res + " is missing from the classpath");
      }
      BufferedImage img = ImageIO.read(in);
      ImageTensor original = ImageFiles.toPicture(img).rgb();
      return new Crop(name, original, Resampler.scale(original, 0.25).clampInPlace(0f, 1f));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read photo crop " + res, e);
    }
  }
}
