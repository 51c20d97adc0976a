package io.hybridsr.core.sim;

/**
 * One quantitative statement of the paper (sections II and IV) and how we compute ours.
 *
 * @param id short identifier (section and figure), e.g. {@code IV-B.720p.latency-vs-wosr}
 * @param where the paper's section or figure
 * @param statement the paper's statement, in its words where possible
 * @param kind a number with a tolerance, or an ordering that holds or not
 * @param paper the paper's figure (numbers; NaN for orderings)
 * @param tolerance a number holds when |ours - paper| <= tolerance
 * @param unit unit of {@code paper}, {@code tolerance} and ours
 * @param group whether the fit uses it ({@link Group#FIT}), holds it out ({@link Group#HELD_OUT})
 *     or it checks the latency and quality models alone ({@link Group#MODEL})
 * @param how how ours is computed
 */
public record Claim(
    String id,
    String where,
    String statement,
    Kind kind,
    double paper,
    double tolerance,
    String unit,
    Group group,
    String how) {

  /** A figure with a tolerance, or an ordering. */
  public enum Kind {
    NUMBER,
    ORDERING
  }

  /** What the claim is used for. */
  public enum Group {
    /** Section II: the latency and quality models on their own; not fitted. */
    MODEL,
    /** Section IV-B (Fig. 6 and 7): the constants the paper leaves out are fitted to these. */
    FIT,
    /** Section IV-C (Fig. 8a, 8b): held out of the fit, reported as a check. */
    HELD_OUT
  }

  /** A numeric claim. */
  static Claim number(
      String id,
      String where,
      String statement,
      double paper,
      double tolerance,
      String unit,
      Group group,
      String how) {
    return new Claim(id, where, statement, Kind.NUMBER, paper, tolerance, unit, group, how);
  }

  /** An ordering claim. */
  static Claim ordering(String id, String where, String statement, Group group, String how) {
    return new Claim(id, where, statement, Kind.ORDERING, Double.NaN, Double.NaN, "", group, how);
  }
}
