package dev.berth.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RateLimitedLogTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-log-test");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final AtomicLong now = new AtomicLong();
  private final RateLimitedLog log = new RateLimitedLog(logger, 3, Duration.ofMinutes(1), now::get);

  RateLimitedLogTest() {
    lines.start();
    logger.addAppender(lines);
    logger.setLevel(Level.WARN);
  }

  @AfterEach
  void detach() {
    logger.detachAppender(lines);
  }

  @Test
  void writesUpToTheLimitInAWindowThenCountsWhatItLeavesOut() {
    for (int i = 0; i < 10_000; i++) {
      log.warn("unexpected error on connection from {}", "peer-" + i);
    }

    assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        "unexpected error on connection from peer-0",
        "unexpected error on connection from peer-1",
        "unexpected error on connection from peer-2");

    now.addAndGet(Duration.ofMinutes(1).toNanos());
    log.warn("unexpected error on connection from {}", "peer-next");

    assertThat(lines.list).last().extracting(ILoggingEvent::getFormattedMessage)
        .isEqualTo("unexpected error on connection from peer-next (9997 more like this not logged)");
  }

  @Test
  void aTrailingThrowableIsTheCause() {
    log.warn("unexpected error on connection from {}", "peer", new IOException("boom"));

    ILoggingEvent line = lines.list.get(0);
    assertThat(line.getFormattedMessage()).isEqualTo("unexpected error on connection from peer");
    assertThat(line.getThrowableProxy().getMessage()).isEqualTo("boom");
    assertThat(line.getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void theCountOfLeftOutLinesKeepsTheCause() {
    for (int i = 0; i < 5; i++) {
      log.warn("failed: {}", i, new IOException("boom " + i));
    }
    now.addAndGet(Duration.ofMinutes(2).toNanos());
    log.warn("failed: {}", 5, new IOException("boom 5"));

    ILoggingEvent line = lines.list.get(3);
    assertThat(line.getFormattedMessage()).isEqualTo("failed: 5 (2 more like this not logged)");
    assertThat(line.getThrowableProxy().getMessage()).isEqualTo("boom 5");
  }
}
