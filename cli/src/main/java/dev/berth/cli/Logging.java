package dev.berth.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.berth.config.LogFormat;
import dev.berth.config.LogLevel;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.Slf4JLoggerFactory;
import org.slf4j.LoggerFactory;

/** Applies {@code --log-level} and {@code --log-format} to the logging backend (logback). */
final class Logging {

  private Logging() {}

  /** @param instance the instance id, a field of every JSON line */
  static void configure(LogLevel level, LogFormat format, String instance) {
    // Netty picks SLF4J itself when it is on the class path; saying so keeps it from choosing
    // another backend if one appears, so its lines share our format and level.
    InternalLoggerFactory.setDefaultFactory(Slf4JLoggerFactory.INSTANCE);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level.name()));
    // Netty's own debug output is about its internals, not about berth's connections.
    context.getLogger("io.netty").setLevel(level == LogLevel.DEBUG ? Level.INFO : Level.toLevel(level.name()));
    if (format == LogFormat.JSON) {
      JsonLogEncoder encoder = new JsonLogEncoder(instance);
      encoder.setContext(context);
      encoder.start();
      writeToStderr(context, "STDERR_JSON", encoder);
    }
  }

  /** The start-up configuration (see {@link LoggingConfigurator}): text lines on stderr, INFO. */
  static void useTextFormat(LoggerContext context) {
    TextLogEncoder encoder = new TextLogEncoder();
    encoder.setContext(context);
    encoder.start();
    writeToStderr(context, "STDERR", encoder);
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
    // On a machine without a hardware address (a container or a network namespace with only
    // loopback), Netty warns once and makes channel ids from random bytes, which is all berth
    // needs: nothing for an operator to act on.
    context.getLogger("io.netty.util.internal.MacAddressUtil").setLevel(Level.ERROR);
  }

  /**
   * Makes one appender writing to stderr the root's only one. Logs go to stderr so that stdout
   * carries only what a command prints as its result.
   */
  private static void writeToStderr(LoggerContext context, String name, Encoder<ILoggingEvent> encoder) {
    ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
    appender.setName(name);
    appender.setContext(context);
    appender.setTarget("System.err");
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
  }
}
