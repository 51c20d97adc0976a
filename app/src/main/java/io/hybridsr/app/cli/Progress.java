package io.hybridsr.app.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bars of the long commands, all on stderr through a {@link ProgressLine}: on a
 * terminal a bar redrawn four times a second; otherwise (CI, a pipe, {@code 2> file}) a plain line
 * every {@link #PLAIN_INTERVAL_MS} ms and one at the end, so logs stay readable.
 */
final class Progress {
  /** How often a bar that is not on a terminal writes its line. */
  static final int PLAIN_INTERVAL_MS = 10_000;

  private static final int TERMINAL_INTERVAL_MS = 250;

  private Progress() {}

  static ProgressBar bar(String task, long max) {
    return bar(task, max, ProgressLine.onStderr(), false);
  }

  /**
   * A bar drawn through {@code line}; {@code continuous}: refresh even when nothing advanced (the
   * elapsed time of a long wait), which off a terminal means a line every interval.
   */
  static ProgressBar bar(String task, long max, ProgressLine line, boolean continuous) {
    ProgressBarBuilder b =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(max)
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(line)
            .setUpdateIntervalMillis(line.terminal() ? TERMINAL_INTERVAL_MS : PLAIN_INTERVAL_MS);
    if (continuous) {
      b.continuousUpdate();
    }
    return b.build();
  }
}
