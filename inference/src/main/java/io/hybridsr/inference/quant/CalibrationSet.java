package io.hybridsr.inference.quant;

import io.hybridsr.core.image.ImageFiles;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.core.image.Resampler;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The int8 graphs' calibration inputs: eight 128 px corner crops of the project's photos (shipped
 * in this jar with their licences, {@code calibration/SOURCES.md}), each downscaled 4x as the
 * low-resolution input a super-resolution network sees.
 *
 * <p>Why low-resolution inputs: activation ranges depend on what the network is fed, and in use
 * it is fed downscaled or generated images, not sharp originals.
 */
public final class CalibrationSet {
  /** The crop files, in the order they are read. */
  public static final List<String> CROPS = List.of(
      "astronaut-tl", "astronaut-br", "coffee-tl", "coffee-br", "ihc-tl", "ihc-br", "rocket-tl", "rocket-br");

  private CalibrationSet() {}

  /** The 32 x 32 RGB inputs in [0, 1]. */
  public static List<ImageTensor> inputs() {
    List<ImageTensor> out = new ArrayList<>();
    for (String name : CROPS) {
      out.add(Resampler.scale(original(name), 0.25).clampInPlace(0f, 1f));
    }
    return out;
  }

  /** The 128 x 128 original of crop {@code name}. */
  public static ImageTensor original(String name) {
    String res = "calibration/" + name + ".png";
    try (InputStream in = CalibrationSet.class.getResourceAsStream(res)) {
      if (in == null) {
        throw new IllegalStateException("calibration crop " + res + " is missing from the classpath");
      }
      BufferedImage img = ImageIO.read(in);
      return ImageFiles.toPicture(img).rgb();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read calibration crop " + res, e);
    }
  }
}
