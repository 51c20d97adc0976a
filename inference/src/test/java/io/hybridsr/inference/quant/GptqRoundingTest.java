package io.hybridsr.inference.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** GPTQ on a random layer: the factor is right, and the output error is below rounding's. */
class GptqRoundingTest {
  private static final int D = 24;
  private static final int COUT = 6;
  private static final int N = 400;

  @Test
  void shouldFactorTheInverse() {
    double[] h = moments(inputs(new Random(1))).gram();
    for (int i = 0; i < D; i++) {
      h[i * D + i] += 1e-3;
    }
    double[] u = GptqRounding.upperCholeskyOfInverse(h, D);
    // U^T U H = I
    for (int i = 0; i < D; i++) {
      for (int j = 0; j < D; j++) {
        double s = 0;
        for (int k = 0; k < D; k++) {
          double inv = 0;
          for (int m = 0; m <= Math.min(i, k); m++) {
            inv += u[m * D + i] * u[m * D + k];
          }
          s += inv * h[k * D + j];
        }
        assertEquals(i == j ? 1 : 0, s, 1e-6, "(" + i + ", " + j + ")");
      }
      for (int j = 0; j < i; j++) {
        assertEquals(0, u[i * D + j], 0, "U is upper triangular");
      }
    }
  }

  @Test
  void shouldBeatRoundingToNearestOnTheLayersOutput() {
    Random rnd = new Random(7);
    float[][] x = inputs(rnd);
    ConvHessians.Moments m = moments(x);
    float[] w = new float[COUT * D];
    float[] bias = new float[COUT];
    float[] scales = new float[COUT];
    for (int o = 0; o < COUT; o++) {
      float amax = 0;
      for (int i = 0; i < D; i++) {
        w[o * D + i] = (float) rnd.nextGaussian();
        amax = Math.max(amax, Math.abs(w[o * D + i]));
      }
      bias[o] = (float) rnd.nextGaussian();
      // a coarse grid (4 levels a side), so that rounding errors are large
      scales[o] = amax / 4;
    }
    byte[] rtn = GptqRounding.nearest(w, COUT, scales);
    double eRtn = outputError(x, w, bias, rtn, bias, scales);
    for (boolean withBias : new boolean[] {false, true}) {
      GptqRounding.Result r =
          GptqRounding.round(
              w, COUT, scales, withBias ? bias : null, GptqRounding.factor(m, withBias, 0.01));
      double e = outputError(x, w, bias, r.q(), withBias ? r.bias() : bias, scales);
      assertTrue(e < 0.7 * eRtn, "GPTQ " + e + " against nearest " + eRtn + ", bias " + withBias);
      for (byte q : r.q()) {
        assertTrue(q >= -127 && q <= 127);
      }
    }
  }

  /** Correlated inputs with a non-zero mean, as activations are. */
  private static float[][] inputs(Random rnd) {
    float[][] x = new float[N][D];
    for (int p = 0; p < N; p++) {
      double common = rnd.nextGaussian();
      for (int i = 0; i < D; i++) {
        x[p][i] = (float) (0.5 + 0.8 * common + 0.6 * rnd.nextGaussian());
      }
    }
    return x;
  }

  private static ConvHessians.Moments moments(float[][] x) {
    double[] g = new double[D * D];
    double[] s = new double[D];
    for (float[] col : x) {
      for (int i = 0; i < D; i++) {
        s[i] += col[i];
        for (int j = 0; j < D; j++) {
          g[i * D + j] += col[i] * col[j];
        }
      }
    }
    return new ConvHessians.Moments(D, g, s, x.length);
  }

  private static double outputError(
      float[][] x, float[] w, float[] b, byte[] q, float[] qb, float[] scales) {
    double e = 0;
    for (float[] col : x) {
      for (int o = 0; o < COUT; o++) {
        double y = b[o];
        double yq = qb[o];
        for (int i = 0; i < D; i++) {
          y += w[o * D + i] * col[i];
          yq += q[o * D + i] * scales[o] * col[i];
        }
        e += (y - yq) * (y - yq);
      }
    }
    return e;
  }
}
