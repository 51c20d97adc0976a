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
 */
public final class VaeDecoding {
  private VaeDecoding() {}

  public static ImageTensor decode(LoadedModel vae, ImageTensor latent, float scalingFactor) throws OrtException {
    float[] z = latent.data().clone();
    for (int i = 0; i < z.length; i++) {
      z[i] /= scalingFactor;
    }
    try (OnnxTensor in = Tensors.floats(z, latent.nchwShape(), vae.precision());
        OrtSession.Result r = vae.session().run(Map.of("latent_sample", in))) {
      var out = r.get("sample").orElseThrow();
      long[] s = Tensors.shape(out);
      float[] px = Tensors.readFloats(out);
      for (int i = 0; i < px.length; i++) {
        float v = px[i] * 0.5f + 0.5f;
        px[i] = v < 0 ? 0 : (v > 1 ? 1 : v);
      }
      return new ImageTensor((int) s[1], (int) s[2], (int) s[3], px);
    }
  }
}
