package io.hybridsr.app.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;

/**
 * A progress bar's line on stderr that gets out of the way of output: {@link #printAbove} erases
 * the bar, prints a line on stdout and lets the next refresh draw the bar again below it, so a
 * terminal shows clean table rows with the bar under them and stdout carries only the rows.
 *
 * <p>When stderr is not a terminal (a CI log, a pipe, a file) there is nothing to redraw: each
 * refresh is a plain line of its own, no carriage returns, and {@link Progress} refreshes it only
 * every {@link Progress#PLAIN_INTERVAL_MS} ms, so a log holds a few readable lines, not thousands
 * of overwritten bars.
 *
 * <p>Why: the library's console consumer draws with a carriage return and no newline; a row printed
 * on stdout while the bar is drawn lands on the bar's line ({@code bench sr 33% [===] 1/3 ...
 * x4fast 256 0.659 ...}). Every write here holds this object's lock, which the bar's refresh thread
 * also takes.
 */
final class ProgressLine extends ConsoleProgressBarConsumer {
  private final PrintStream err;
  private final boolean terminal;

  /** Characters of the bar now on the line, 0 when the line is clear. */
  private int drawn;

  private boolean closed;

  /** Off a terminal: the last line written, not written twice in a row. */
  private String lastPlain;

  /** A bar on a terminal: redrawn in place. */
  ProgressLine(PrintStream err) {
    this(err, true);
  }

  /** {@code terminal}: redraw in place; otherwise a plain line per refresh. */
  ProgressLine(PrintStream err, boolean terminal) {
    super(err);
    this.err = err;
    this.terminal = terminal;
  }

  /** On {@code System.err}, redrawn when this process has a terminal ({@code System.console()}). */
  static ProgressLine onStderr() {
    return new ProgressLine(System.err, System.console() != null);
  }

  boolean terminal() {
    return terminal;
  }

  @Override
  public synchronized void accept(String rendered) {
    if (closed) {
      return;
    }
    if (!terminal) {
      String plain = rendered.strip();
      if (!plain.equals(lastPlain)) {
        err.println(plain);
        err.flush();
        lastPlain = plain;
      }
      return;
    }
    String s =
        rendered.length() > getMaxRenderedLength()
            ? rendered.substring(0, getMaxRenderedLength())
            : rendered;
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
