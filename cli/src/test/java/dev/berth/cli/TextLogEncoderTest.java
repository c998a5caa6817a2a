package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The text format in code is byte for byte what the Logback pattern of logback.xml wrote. */
class TextLogEncoderTest {

  /** The pattern berth's logback.xml had. */
  private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} - %msg%n";

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final TextLogEncoder encoder = new TextLogEncoder();
  private final PatternLayoutEncoder pattern = new PatternLayoutEncoder();

  TextLogEncoderTest() {
    pattern.setContext(context);
    pattern.setPattern(PATTERN);
    pattern.start();
  }

  private void assertSameAsThePattern(LoggingEvent event) {
    String expected = new String(pattern.encode(event), StandardCharsets.UTF_8);
    assertThat(new String(encoder.encode(event), StandardCharsets.UTF_8)).isEqualTo(expected);
  }

  private LoggingEvent event(String logger, Level level, String message, Throwable error, Object... args) {
    LoggingEvent event = new LoggingEvent(Logger.FQCN, context.getLogger(logger), level, message, error, args);
    event.setTimeStamp(1_700_000_000_123L);
    event.setThreadName("main");
    return event;
  }

  @Test
  void everyLevelAndLoggerNameAsThePatternHasThem() {
    for (Level level : new Level[] {Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG, Level.TRACE}) {
      assertSameAsThePattern(event("dev.berth.server.BerthServer", level, "ready on {}", null, "127.0.0.1:1"));
    }
    assertSameAsThePattern(event("ROOT", Level.INFO, "no dots in the name", null));
    assertSameAsThePattern(event("io.netty.util.internal.PlatformDependent0", Level.INFO, "ünïcode ✓", null));
  }

  @Test
  void stackTracesAsThePatternHasThem() {
    IOException cause = new IOException("disk");
    IllegalStateException error = new IllegalStateException("boom", new UncheckedIOException(cause));
    error.addSuppressed(new IllegalArgumentException("also"));
    assertSameAsThePattern(event("dev.berth.cli.ExitCodes", Level.WARN, "failed: {}", error, "x"));
  }
}
