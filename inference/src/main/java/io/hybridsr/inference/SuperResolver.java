package io.hybridsr.inference;

import io.hybridsr.core.image.ImageTensor;

/**
 * A super-resolution model: RGB in, RGB {@link #scale()} times larger out.
 *
 * <p>Why an interface: the hybrid engine's edge slot (StableSR, or Real-ESRGAN x4plus where
 * StableSR is absent) and device slot (Real-ESRGAN x4fast) are interchangeable, and the Flink
 * operators and the device app take whichever is configured. Implementations must be safe to call
 * from several threads.
 *
 * <pre>{@code
 * try (SuperResolver sr = RealEsrganModels.open(ModelStore.locate(null), RealEsrganModel.X4FAST, opts)) {
 *   ImageTensor big = sr.upscale(small); // 3 x 4H x 4W, values in [0,1]
 * }
 * }</pre>
 */
public interface SuperResolver extends AutoCloseable {
  /**
   * Upscales {@code rgb} (3 x H x W, values in [0,1]) to 3 x (scale H) x (scale W), in [0,1] and
   * quantised to 8-bit levels.
   */
  ImageTensor upscale(ImageTensor rgb);

  /** The factor between output and input sides. */
  int scale();

  /** A short name for reports, e.g. {@code realesrgan-x4fast}. */
  String name();

  /**
   * Releases the model sessions this runner holds (a shared session closes with its last holder);
   * whoever opened the runner closes it. Runners that hold none do nothing.
   */
  @Override
  default void close() {}
}
