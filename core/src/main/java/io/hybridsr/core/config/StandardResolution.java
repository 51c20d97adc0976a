package io.hybridsr.core.config;

/**
 * The target resolutions of the paper's evaluation (section IV-B, Fig. 7).
 *
 * <p>"2K" is read as 2048x2048: the paper orders it above 1440p and generates square images (Fig. 6
 * is 1024x1024), so the 2048x1080 cinema format would sit below 1440p.
 */
public enum StandardResolution {
  P720("720p", 1280, 720),
  P1080("1080p", 1920, 1080),
  P1440("1440p", 2560, 1440),
  K2("2K", 2048, 2048);

  private final String label;
  private final int width;
  private final int height;

  StandardResolution(String label, int width, int height) {
    this.label = label;
    this.width = width;
    this.height = height;
  }

  public String label() {
    return label;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Finds a resolution by its label ("720p", "1080p", "1440p", "2K"), ignoring case. */
  public static StandardResolution byLabel(String label) {
    for (StandardResolution r : values()) {
      if (r.label.equalsIgnoreCase(label) || r.name().equalsIgnoreCase(label)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown resolution '" + label + "': use one of 720p, 1080p, 1440p, 2K");
  }

  /**
   * A target resolution written as {@code WIDTHxHEIGHT} or as one of the labels (720p, 1080p,
   * 1440p, 2K), as {width, height}.
   *
   * @throws IllegalArgumentException naming {@code spec} when it is neither
   */
  public static int[] widthHeight(String spec) {
    String s = spec.trim();
    for (StandardResolution r : values()) {
      if (r.label.equalsIgnoreCase(s)) {
        return new int[] {r.width, r.height};
      }
    }
    String[] wh = s.toLowerCase(java.util.Locale.ROOT).split("x");
    try {
      if (wh.length != 2) {
        throw new NumberFormatException();
      }
      return new int[] {Integer.parseInt(wh[0]), Integer.parseInt(wh[1])};
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'" + spec + "' is not WxH or one of 720p, 1080p, 1440p, 2K", e);
    }
  }
}
