package io.hybridsr.inference.quant;

import java.util.Arrays;

/**
 * Rounds a convolution's weights to int8 so that its output, not each weight, stays close: GPTQ
 * (Frantar et al., 2023, after Optimal Brain Quantization). With {@code X} the layer's im2col
 * inputs on the calibration crops, the output error of a weight change {@code dW} (one row per
 * output channel) is {@code ||dW X||^2 = dW H dW^T}, {@code H = X X^T}. Columns are rounded one at
 * a time, each to its channel's grid (symmetric, scale fixed beforehand), and the rounding error of
 * column {@code i} is compensated on the columns not yet rounded by the update that minimises the
 * error given {@code H}: {@code w[j] -= (w[i] - q[i]) / U[i][i] * U[i][j]}, {@code U} the upper
 * Cholesky factor of {@code H^-1}.
 *
 * <p>Columns are rounded in decreasing order of their input's energy ({@code H}'s diagonal, GPTQ's
 * "act-order"): the columns that matter most are rounded while the most columns are left to absorb
 * their error.
 *
 * <p>The bias takes part as one more column of constant input 1 ({@code H} augmented with the
 * column sums and the count), rounded last and not to the int8 grid: it absorbs what the weights'
 * rounding shifts in the output's mean. A small damping of {@code H}'s diagonal ({@code damp *
 * mean(diag H)}) keeps the factorisation stable where inputs are nearly collinear.
 */
public final class GptqRounding {
  /**
   * The rounded weights.
   *
   * @param q int8 weights, {@code cout x d} row-major
   * @param bias the bias to quantise with them (null when the Conv has none)
   */
  public record Result(byte[] q, float[] bias) {}

  private GptqRounding() {}

  /** Round to nearest, each channel on its own scale: the baseline, and GPTQ without moments. */
  public static byte[] nearest(float[] w, int cout, float[] scales) {
    int d = w.length / cout;
    byte[] q = new byte[w.length];
    for (int o = 0; o < cout; o++) {
      for (int i = o * d; i < (o + 1) * d; i++) {
        q[i] = (byte) clamp(Math.round(w[i] / scales[o]));
      }
    }
    return q;
  }

  /**
   * What GPTQ needs of a layer's inputs, computed once and shared by the Convs that read the same
   * input: the upper Cholesky factor of the damped (and, with a bias, augmented) {@code H^-1}.
   *
   * @param dim the weight columns ({@code d}); the factor has {@code d + 1} with a bias
   * @param withBias whether the last column is the bias's constant input
   * @param u the factor, {@code n x n} row-major
   * @param dead the columns whose input is always zero, in rounding order
   * @param order the weight column rounded at each step
   */
  public record Factor(int dim, boolean withBias, double[] u, boolean[] dead, int[] order) {
    int n() {
      return withBias ? dim + 1 : dim;
    }
  }

  /** The factor of {@code m}, with the bias's column when {@code withBias}. */
  public static Factor factor(ConvHessians.Moments m, boolean withBias, double damp) {
    int d = m.dim();
    int n = withBias ? d + 1 : d;
    // columns with the largest inputs first ("act-order"): their errors have the most left to
    // compensate on
    Integer[] byDiag = new Integer[d];
    for (int i = 0; i < d; i++) {
      byDiag[i] = i;
    }
    Arrays.sort(byDiag, (a, b) -> Double.compare(m.gram()[b * d + b], m.gram()[a * d + a]));
    int[] order = new int[d];
    for (int i = 0; i < d; i++) {
      order[i] = byDiag[i];
    }
    double[] h = new double[n * n];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        h[i * n + j] = m.gram()[order[i] * d + order[j]];
      }
    }
    if (withBias) {
      for (int i = 0; i < d; i++) {
        h[i * n + d] = m.sum()[order[i]];
        h[d * n + i] = m.sum()[order[i]];
      }
      h[d * n + d] = m.count();
    }
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += h[i * n + i];
    }
    mean /= n;
    boolean[] dead = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (h[i * n + i] <= 0) {
        // an input that is always zero: its weight does not matter, and is rounded to zero
        dead[i] = true;
        h[i * n + i] = 1;
      }
      h[i * n + i] += damp * mean;
    }
    return new Factor(d, withBias, upperCholeskyOfInverse(h, n), dead, order);
  }

  /**
   * GPTQ rounding of {@code w} ({@code cout x d}) on the per-channel {@code scales} with the
   * inputs' factor {@code f}; {@code bias} (null exactly when {@code f} has no bias column) is
   * compensated too.
   */
  public static Result round(float[] w, int cout, float[] scales, float[] bias, Factor f) {
    int d = f.dim();
    int n = f.n();
    if (w.length != cout * d || (bias != null) != f.withBias()) {
      throw new IllegalArgumentException(
          "weights of "
              + w.length
              + " values for "
              + cout
              + " x "
              + d
              + " (bias "
              + f.withBias()
              + ")");
    }
    double[] u = f.u();
    double[] work = new double[cout * n];
    for (int o = 0; o < cout; o++) {
      for (int i = 0; i < d; i++) {
        work[o * n + i] = f.dead()[i] ? 0 : w[o * d + f.order()[i]];
      }
      if (bias != null) {
        work[o * n + d] = bias[o];
      }
    }
    byte[] q = new byte[cout * d];
    for (int i = 0; i < d; i++) {
      double uii = u[i * n + i];
      int urow = i * n;
      for (int o = 0; o < cout; o++) {
        int row = o * n;
        double wi = work[row + i];
        int qi = clamp((int) Math.round(wi / scales[o]));
        q[o * d + f.order()[i]] = (byte) qi;
        double err = (wi - qi * scales[o]) / uii;
        for (int j = i + 1; j < n; j++) {
          work[row + j] -= err * u[urow + j];
        }
      }
    }
    float[] b = null;
    if (bias != null) {
      b = new float[cout];
      for (int o = 0; o < cout; o++) {
        b[o] = (float) work[o * n + d];
      }
    }
    return new Result(q, b);
  }

  /**
   * {@code U} upper triangular with {@code U^T U = H^-1}, for symmetric positive definite H: with
   * {@code P} the reversal permutation and {@code P H P = L L^T}, {@code H = (P L P)(P L P)^T} with
   * {@code P L P} upper triangular, so {@code U = (P L P)^-1 = P L^-1 P}: one factorisation and one
   * triangular inverse.
   */
  static double[] upperCholeskyOfInverse(double[] h, int n) {
    double[] rev = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        rev[i * n + j] = h[(n - 1 - i) * n + (n - 1 - j)];
      }
    }
    double[] l = cholesky(rev, n);
    // li = L^-1, lower triangular, row by row: row i = (e_i - sum_k<i l[i][k] row k) / l[i][i]
    double[] li = new double[n * n];
    for (int i = 0; i < n; i++) {
      int ri = i * n;
      for (int k = 0; k < i; k++) {
        double f = l[ri + k];
        if (f != 0) {
          int rk = k * n;
          for (int j = 0; j <= k; j++) {
            li[ri + j] -= f * li[rk + j];
          }
        }
      }
      li[ri + i] += 1;
      double d = l[ri + i];
      for (int j = 0; j <= i; j++) {
        li[ri + j] /= d;
      }
    }
    double[] u = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        u[i * n + j] = li[(n - 1 - i) * n + (n - 1 - j)];
      }
    }
    return u;
  }

  /** Lower Cholesky factor of a symmetric positive definite matrix. */
  static double[] cholesky(double[] a, int n) {
    double[] l = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i * n + j];
        for (int k = 0; k < j; k++) {
          s -= l[i * n + k] * l[j * n + k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new IllegalStateException("matrix is not positive definite at row " + i);
          }
          l[i * n + i] = Math.sqrt(s);
        } else {
          l[i * n + j] = s / l[j * n + j];
        }
      }
    }
    return l;
  }

  private static int clamp(int v) {
    return Math.max(-127, Math.min(127, v));
  }
}
