package io.hybridsr.kafka.broker;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Records every log line at INFO and above, Kafka's included (quietened to WARN elsewhere), so a
 * test can check that no secret was logged. Kafka's INFO lines go only here, not to the console.
 */
final class LogCapture implements AutoCloseable {
  private static final List<String> NOISY =
      List.of("kafka", "org.apache.kafka", "state.change.logger");
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
  private final AbstractAppender appender;

  LogCapture() {
    appender =
        new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
          @Override
          public void append(LogEvent event) {
            StringBuilder s =
                new StringBuilder(event.getLoggerName())
                    .append(' ')
                    .append(event.getMessage().getFormattedMessage());
            for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
              s.append(" | ").append(t);
            }
            lines.add(s.toString());
          }
        };
    appender.start();
    Configuration config = ctx.getConfiguration();
    config.getRootLogger().addAppender(appender, Level.INFO, null);
    for (String name : NOISY) {
      LoggerConfig lc = config.getLoggerConfig(name);
      lc.setLevel(Level.INFO);
      lc.setAdditive(false);
      lc.addAppender(appender, Level.INFO, null);
    }
    ctx.updateLoggers();
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    Configuration config = ctx.getConfiguration();
    config.getRootLogger().removeAppender(appender.getName());
    for (String name : NOISY) {
      LoggerConfig lc = config.getLoggerConfig(name);
      lc.removeAppender(appender.getName());
      lc.setLevel(Level.WARN);
      lc.setAdditive(true);
    }
    ctx.updateLoggers();
    appender.stop();
  }
}
