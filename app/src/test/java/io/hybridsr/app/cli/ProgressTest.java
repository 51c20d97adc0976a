package io.hybridsr.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

/**
 * Progress off a terminal is a few plain lines (no carriage returns, nothing redrawn), with rows
 * printed above it whole; on a terminal the bar is redrawn in place on one line.
 */
class ProgressTest {
  @Test
  void offATerminalEachRefreshIsAPlainLineAndTheLastSaysDone() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProgressLine line = new ProgressLine(new PrintStream(err, true, StandardCharsets.UTF_8), false);
    try (ProgressBar bar = Progress.bar("records back", 1000, line, false)) {
      for (int i = 0; i < 1000; i++) {
        bar.step();
        if (i == 500) {
          line.printAbove(new PrintStream(out, true, StandardCharsets.UTF_8), "a row");
        }
      }
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertFalse(text.contains("\r"), "no carriage returns: " + text);
    List<String> lines = text.lines().toList();
    // 1000 steps in well under the 10 s interval: the first refresh and the final one.
    assertTrue(lines.size() >= 1 && lines.size() <= 3, "a few lines, not one per step: " + lines);
    lines.forEach(l -> assertTrue(l.startsWith("records back"), "each line names its task: " + l));
    assertTrue(
        lines.get(lines.size() - 1).contains("1000/1000"), "the last line is the end: " + lines);
    assertEquals("a row" + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlace() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ProgressLine line = new ProgressLine(new PrintStream(err, true, StandardCharsets.UTF_8), true);
    try (ProgressBar bar = Progress.bar("gap", 10, line, false)) {
      bar.stepTo(10);
    }
    String text = err.toString(StandardCharsets.UTF_8);
    assertTrue(text.startsWith("\r"), "drawn from the line's start: " + text);
    assertTrue(text.contains("10/10"), text);
    assertFalse(
        text.stripTrailing().contains("\n"),
        "redrawn on one line, not a line per refresh: " + text);
  }
}
