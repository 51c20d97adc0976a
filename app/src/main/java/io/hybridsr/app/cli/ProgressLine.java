package io.hybridsr.app.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;

/**
 * A progress bar's line on stderr that gets out of the way of output: {@link #printAbove} erases
 * the bar, prints a line on stdout and lets the next refresh draw the bar again below it, so a
 * terminal shows clean table rows with the bar under them and stdout carries only the rows.
 *
 * <p>Why: the library's console consumer draws with a carriage return and no newline; a row
 * printed on stdout while the bar is drawn lands on the bar's line ({@code bench sr  33% [===]
 * 1/3 ... x4fast 256 0.659 ...}). Every write here holds this object's lock, which the bar's
 * refresh thread also takes.
 */
final class ProgressLine extends ConsoleProgressBarConsumer {
  private final PrintStream err;
  /** Characters of the bar now on the line, 0 when the line is clear. */
  private int drawn;
  private boolean closed;

  ProgressLine(PrintStream err) {
    super(err);
    this.err = err;
  }

  @Override
  public synchronized void accept(String rendered) {
    if (closed) {
      return;
    }
    String s = rendered.length() > getMaxRenderedLength() ? rendered.substring(0, getMaxRenderedLength()) : rendered;
    err.print('\r' + s + " ".repeat(Math.max(0, drawn - s.length())));
    err.flush();
    drawn = s.length();
  }

  /** Erases the bar from its line and leaves the cursor at the start of it. */
  @Override
  public synchronized void clear() {
    if (drawn > 0) {
      err.print('\r' + " ".repeat(drawn) + '\r');
      err.flush();
      drawn = 0;
    }
  }

  /** Clears the bar, prints {@code line} on {@code out}; the bar comes back at its next refresh. */
  synchronized void printAbove(PrintStream out, String line) {
    clear();
    out.println(line);
    out.flush();
  }

  /** Ends the bar's line with a newline, so whatever follows starts on a line of its own. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (drawn > 0) {
        err.println();
        err.flush();
      }
      drawn = 0;
    }
  }
}
