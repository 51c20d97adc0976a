package io.hybridsr.app.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;

/**
 * Where the log file of this run is: other libraries' INFO and WARN lines go there, not to the
 * console (app/src/main/resources/log4j2.xml).
 */
final class LogFile {
  /** The system property log4j2.xml reads the file name from. */
  static final String PROPERTY = "hybridsr.logFile";

  private LogFile() {}

  /**
   * Names the file after the command ({@code <tmp>/hybridsr/hybridsr-demo.log}) unless one is given
   * with {@code -Dhybridsr.logFile}; call it before the first logger is made.
   */
  static void nameFor(String[] args) {
    if (System.getProperty(PROPERTY) != null) {
      return;
    }
    String command =
        args.length > 0 && args[0].matches("[a-z][a-z-]*")
            ? args[0].toLowerCase(Locale.ROOT)
            : "cli";
    System.setProperty(
        PROPERTY,
        Path.of(System.getProperty("java.io.tmpdir"), "hybridsr", "hybridsr-" + command + ".log")
            .toString());
  }

  /** The file the active log4j configuration writes to, if it has one. */
  static Optional<Path> current() {
    if (!(LogManager.getContext(false) instanceof LoggerContext ctx)) {
      return Optional.empty();
    }
    for (Appender a : ctx.getConfiguration().getAppenders().values()) {
      if (a instanceof FileAppender f) {
        return Optional.of(Path.of(f.getFileName()).toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  /** Prints "log: FILE (...)" on {@code out} when there is a log file. */
  static void announce(java.io.PrintStream out) {
    current()
        .ifPresent(
            p -> out.println("log: " + p + " (Flink's, Kafka's and other libraries' lines)"));
  }
}
