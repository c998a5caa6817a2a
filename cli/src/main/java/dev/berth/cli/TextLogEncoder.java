package dev.berth.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Writes each log event as one line of text, the stack trace after it when there is one:
 *
 * <pre>
 * 2025-01-31T12:00:00.000Z INFO  BerthServer - berth 1.0 ready: ...
 * </pre>
 *
 * The same as Logback's pattern {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} -
 * %msg%n}, written out in code: a {@code PatternLayout} spins up some seventy converter lambdas
 * when first used, a tenth of a cold start.
 */
final class TextLogEncoder extends EncoderBase<ILoggingEvent> {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    String level = event.getLevel().toString();
    String logger = event.getLoggerName();
    StringBuilder line = new StringBuilder(128)
        .append(TIME.format(event.getInstant()))
        .append(' ').append(level).append("     ", 0, Math.max(0, 5 - level.length()))
        .append(' ').append(logger, logger.lastIndexOf('.') + 1, logger.length())
        .append(" - ").append(event.getFormattedMessage())
        .append(CoreConstants.LINE_SEPARATOR);
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      line.append(ThrowableProxyUtil.asString(error));
    }
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }
}
