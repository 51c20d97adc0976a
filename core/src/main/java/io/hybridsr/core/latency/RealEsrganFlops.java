package io.hybridsr.core.latency;

/**
 * FLOP per input pixel of Real-ESRGAN's two networks, counted layer by layer from their
 * architecture (xinntao/Real-ESRGAN, basicsr RRDBNet and SRVGGNetCompact).
 *
 * <p>Exact for the convolutions (2 FLOP per multiply-accumulate); activations, additions and pixel
 * shuffles are ignored (well under 1%). {@link #X4PLUS} and {@link #X4FAST} are the per-pixel
 * figures the profile's {@code models.realesrgan.*} entries (which the latency model reads) are
 * checked against, rather than trusting a quoted number.
 *
 * <p>{@code inference}'s {@code GraphStats} counts the same FLOPs a second way, from the converted
 * ncnn graph. Both stay on purpose: core has no model files and cannot depend on inference, so the
 * latency model needs this architectural count; the graph count checks that the weights actually
 * run are this architecture. {@code RealEsrganReferenceTest} asserts that the two agree.
 */
public final class RealEsrganFlops {
  /**
   * Real-ESRGAN x4plus (RRDBNet: 64 features, 23 blocks, growth 32): 35,853,696 FLOP per input
   * pixel.
   */
  public static final double X4PLUS = rrdbNetX4(64, 23, 32);

  /**
   * Real-ESRGAN x4fast (SRVGGNetCompact: 64 features, 32 body convolutions): 2,418,048 FLOP per
   * input pixel.
   */
  public static final double X4FAST = srvggCompactX4(64, 32);

  private RealEsrganFlops() {}

  /**
   * RRDBNet x4 (x4plus: 64 features, 23 RRDB blocks, growth 32): conv_first, 23 x 3 residual dense
   * blocks of five 3x3 convolutions, conv_body, two nearest-upsample + conv stages at 2x and 4x,
   * conv_hr and conv_last at 4x.
   */
  public static double rrdbNetX4(int features, int blocks, int growth) {
    double macs = 9.0 * 3 * features; // conv_first
    double rdb = 0;
    for (int i = 0; i < 4; i++) {
      rdb += 9.0 * (features + i * growth) * growth; // conv1..conv4
    }
    rdb += 9.0 * (features + 4 * growth) * features; // conv5
    macs += blocks * 3 * rdb;
    double ff = 9.0 * features * features;
    macs += ff; // conv_body
    macs += ff * 4; // conv_up1 at 2x: 4 output pixels per input pixel
    macs += ff * 16; // conv_up2 at 4x
    macs += ff * 16; // conv_hr at 4x
    macs += 9.0 * features * 3 * 16; // conv_last at 4x
    return 2 * macs;
  }

  /**
   * SRVGGNetCompact x4 (x4fast/realesr-general: 64 features, 32 body convolutions): first conv, the
   * body at input resolution, a last conv to 3 x 4 x 4 channels, then pixel shuffle.
   */
  public static double srvggCompactX4(int features, int convs) {
    double macs = 9.0 * 3 * features + convs * 9.0 * features * features + 9.0 * features * 48;
    return 2 * macs;
  }
}
