package io.hybridsr.core.sim;

/**
 * A claim beside our figure.
 *
 * @param claim the paper's statement
 * @param ours our figure (numbers) or the ordering's slack (>= 0 when it holds; in relative units)
 * @param holds whether ours is within the tolerance, or the ordering holds
 * @param detail the quantities behind ours, for the reader
 */
public record ClaimResult(Claim claim, double ours, boolean holds, String detail) {

  /** A numeric result: holds when within the claim's tolerance (NaN never holds). */
  static ClaimResult number(Claim c, double ours, String detail) {
    boolean holds = Double.isFinite(ours) && Math.abs(ours - c.paper()) <= c.tolerance() + 1e-12;
    return new ClaimResult(c, ours, holds, detail);
  }

  /** An ordering result from its slack: holds when slack >= 0. */
  static ClaimResult ordering(Claim c, double slack, String detail) {
    return new ClaimResult(c, slack, Double.isFinite(slack) && slack >= 0, detail);
  }

  /**
   * The fit's residual: (ours - paper) / tolerance for numbers; 0 for an ordering that holds and 1
   * + |slack| (at most 5) for one that does not. A claim within tolerance has |residual| <= 1.
   */
  public double residual() {
    if (claim.kind() == Claim.Kind.NUMBER) {
      if (!Double.isFinite(ours)) {
        return 5;
      }
      return (ours - claim.paper()) / claim.tolerance();
    }
    if (holds) {
      return 0;
    }
    return Double.isFinite(ours) ? Math.min(5, 1 + Math.abs(ours)) : 5;
  }
}
