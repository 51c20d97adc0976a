package io.hybridsr.core.latency;

/**
 * Predicted latencies of one task, in seconds, by the paper's eqs. (3)-(7).
 *
 * <p>Kept per stage so the device consumer can compare measured T1..T6 with the prediction.
 *
 * @param t1 generation at the edge: xi1(D,R) / C1
 * @param t2 diffusion SR of the foreground at the edge: xi2(R,gamma) / C1
 * @param t3 learning-based SR of the background on the device: xi3(R,gamma) / C2
 * @param t4 sending the upscaled foreground: eta(R~,gamma) / B
 * @param t5 sending the low-resolution background (or, without SR, the whole image): eta(R,gamma)/B
 * @param t6 the slower parallel branch: max(t2 + t4, t3 + t5)
 * @param total the service latency T = t1 + t6
 */
public record LatencyBreakdown(
    double t1, double t2, double t3, double t4, double t5, double t6, double total) {

  /** Builds a breakdown from T1..T5, deriving T6 and T by eqs. (6) and (7). */
  public static LatencyBreakdown of(double t1, double t2, double t3, double t4, double t5) {
    double t6 = Math.max(t2 + t4, t3 + t5);
    return new LatencyBreakdown(t1, t2, t3, t4, t5, t6, t1 + t6);
  }
}
