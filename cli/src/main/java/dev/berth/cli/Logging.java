package dev.berth.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.berth.config.LogLevel;
import org.slf4j.LoggerFactory;

/** Applies {@code --log-level} to the logging backend. */
final class Logging {

  private Logging() {}

  static void configure(LogLevel level) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level.name()));
    // Netty's own debug output is about its internals, not about berth's connections.
    Logger netty = (Logger) LoggerFactory.getLogger("io.netty");
    netty.setLevel(level == LogLevel.DEBUG ? Level.INFO : Level.toLevel(level.name()));
  }
}
