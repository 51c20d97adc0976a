package io.hybridsr.core.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The paper's claims beside ours ({@link PaperClaims#evaluate}); written as claims.csv. */
public record ClaimsTable(List<ClaimResult> results) {

  public ClaimsTable {
    results = List.copyOf(results);
  }

  /** The result of one claim by id. */
  public ClaimResult get(String id) {
    for (ClaimResult r : results) {
      if (r.claim().id().equals(id)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no claim " + id);
  }

  /** Numeric claims (all groups). */
  public List<ClaimResult> numbers() {
    return results.stream().filter(r -> r.claim().kind() == Claim.Kind.NUMBER).toList();
  }

  /** Ordering claims (all groups). */
  public List<ClaimResult> orderings() {
    return results.stream().filter(r -> r.claim().kind() == Claim.Kind.ORDERING).toList();
  }

  /** Share of the numeric claims within tolerance. */
  public double numbersWithinTolerance() {
    List<ClaimResult> n = numbers();
    return n.isEmpty() ? 1 : n.stream().filter(ClaimResult::holds).count() / (double) n.size();
  }

  /**
   * The fit's objective on one group: the sum of squared residuals ({@link ClaimResult#residual},
   * each capped at 5 in magnitude).
   */
  public double objective(Claim.Group group) {
    return objective(group, 1.0);
  }

  /** The same, with each ordering's squared residual multiplied by {@code orderingWeight}. */
  public double objective(Claim.Group group, double orderingWeight) {
    double s = 0;
    for (ClaimResult r : results) {
      if (r.claim().group() == group) {
        double x = Math.min(5, Math.abs(r.residual()));
        s += (r.claim().kind() == Claim.Kind.ORDERING ? orderingWeight : 1) * x * x;
      }
    }
    return s;
  }

  /**
   * Writes claims.csv: id, where, kind, group, paper, ours, tolerance, unit, holds, statement, how,
   * detail.
   */
  public Path writeCsv(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("claims.csv");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(
          "id,where,kind,group,paper,ours,tolerance,unit,holds,residual,statement,how,detail\n");
      for (ClaimResult r : results) {
        Claim c = r.claim();
        boolean num = c.kind() == Claim.Kind.NUMBER;
        w.write(
            String.join(
                ",",
                c.id(),
                quote(c.where()),
                c.kind().name().toLowerCase(Locale.ROOT),
                c.group().name().toLowerCase(Locale.ROOT),
                num ? String.format(Locale.ROOT, "%.4g", c.paper()) : "",
                String.format(Locale.ROOT, "%.4g", r.ours()),
                num ? String.format(Locale.ROOT, "%.4g", c.tolerance()) : "",
                num ? c.unit() : "slack",
                Boolean.toString(r.holds()),
                String.format(Locale.ROOT, "%.3f", r.residual()),
                quote(c.statement()),
                quote(c.how()),
                quote(r.detail())));
        w.write("\n");
      }
    }
    return file;
  }

  /** Prints the table and the tallies. */
  public void print(PrintStream o) {
    o.println("The paper's claims beside ours (claims.csv says how each of ours is computed):");
    o.printf(
        Locale.ROOT,
        "%-34s %-9s %9s %9s %8s  %s%n",
        "claim",
        "group",
        "paper",
        "ours",
        "tol",
        "holds");
    for (ClaimResult r : results) {
      Claim c = r.claim();
      if (c.kind() == Claim.Kind.NUMBER) {
        o.printf(
            Locale.ROOT,
            "%-34s %-9s %8.2f%-1s %8.2f%-1s %7.2f%-1s  %s%n",
            c.id(),
            c.group().name().toLowerCase(Locale.ROOT),
            c.paper(),
            unitMark(c.unit()),
            r.ours(),
            unitMark(c.unit()),
            c.tolerance(),
            unitMark(c.unit()),
            r.holds() ? "yes" : "NO");
      } else {
        o.printf(
            Locale.ROOT,
            "%-34s %-9s %9s %9s %8s  %s  (%s)%n",
            c.id(),
            c.group().name().toLowerCase(Locale.ROOT),
            "order",
            fmtSlack(r.ours()),
            "",
            r.holds() ? "yes" : "NO",
            r.detail());
      }
    }
    long numHold = numbers().stream().filter(ClaimResult::holds).count();
    long ordHold = orderings().stream().filter(ClaimResult::holds).count();
    o.printf(
        Locale.ROOT,
        "numeric claims within tolerance: %d/%d (%.0f%%); orderings holding: %d/%d%n",
        numHold,
        numbers().size(),
        100 * numbersWithinTolerance(),
        ordHold,
        orderings().size());
  }

  private static String fmtSlack(double s) {
    return Double.isFinite(s) ? String.format(Locale.ROOT, "%+.3f", s) : "n/a";
  }

  private static String unitMark(String unit) {
    return switch (unit) {
      case "%" -> "%";
      case "s" -> "s";
      case "x" -> "x";
      default -> " ";
    };
  }

  private static String quote(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }
}
