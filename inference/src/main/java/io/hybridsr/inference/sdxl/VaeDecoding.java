package io.hybridsr.inference.sdxl;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.hybridsr.core.image.ImageTensor;
import io.hybridsr.inference.onnx.LoadedModel;
import io.hybridsr.inference.onnx.Tensors;
import java.util.Map;

/**
 * Runs a Stable Diffusion VAE decoder ({@code latent_sample} to {@code sample}) on one latent and
 * maps its [-1, 1] output to RGB in [0, 1]. Shared by SDXL and StableSR, which differ only in the
 * scaling factor.
 *
 * <p>A decoder output that is not finite (an fp16 decoder that overflowed: SDXL's VAE does, which
 * is why diffusers upcasts it and the fp16-fix VAE exists) is an error naming the model and the
 * count, never clamped to black or white pixels.
 */
public final class VaeDecoding {
  private VaeDecoding() {}

  /**
   * The decoded image, RGB in [0, 1]: {@code clamp(decoder(latent / scalingFactor) / 2 + 0.5, 0,
   * 1)}.
   */
  public static ImageTensor decode(LoadedModel vae, ImageTensor latent, float scalingFactor)
      throws OrtException {
    ImageTensor raw = decodeRaw(vae, latent, scalingFactor);
    float[] px = raw.data();
    for (int i = 0; i < px.length; i++) {
      float v = px[i] / 2 + 0.5f; // diffusers: (image / 2 + 0.5).clamp(0, 1)
      px[i] = v < 0 ? 0 : (v > 1 ? 1 : v);
    }
    return raw;
  }

  /**
   * The decoder's own output (about [-1, 1]) for {@code latent / scalingFactor}.
   *
   * @throws NonFiniteOutputException if any value is NaN or infinite
   */
  public static ImageTensor decodeRaw(LoadedModel vae, ImageTensor latent, float scalingFactor)
      throws OrtException {
    float[] z = latent.data().clone();
    for (int i = 0; i < z.length; i++) {
      z[i] /= scalingFactor;
    }
    try (OnnxTensor in = Tensors.floats(z, latent.nchwShape(), vae.precision());
        OrtSession.Result r = vae.session().run(Map.of("latent_sample", in))) {
      var out = r.get("sample").orElseThrow();
      long[] s = Tensors.shape(out);
      float[] px = Tensors.readFloats(out);
      int bad = 0;
      for (float v : px) {
        if (!Float.isFinite(v)) {
          bad++;
        }
      }
      if (bad > 0) {
        throw new NonFiniteOutputException(
            vae.path()
                + ": the VAE decoder ("
                + vae.precision().name().toLowerCase()
                + ") gave "
                + bad
                + " non-finite values of "
                + px.length
                + (vae.precision() == io.hybridsr.inference.contract.ElementType.FLOAT16
                    ? "; it overflows in float16: use a float32 decoder or an fp16-safe VAE (e.g. madebyollin/sdxl-vae-fp16-fix)"
                    : ""));
      }
      return new ImageTensor((int) s[1], (int) s[2], (int) s[3], px);
    }
  }

  /** A model output with NaN or infinite values: the task fails with this reason. */
  public static final class NonFiniteOutputException extends IllegalStateException {
    public NonFiniteOutputException(String message) {
      super(message);
    }
  }
}
