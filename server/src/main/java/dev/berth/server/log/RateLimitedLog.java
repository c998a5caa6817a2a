package dev.berth.server.log;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * A warning that a peer can trigger, logged at most {@code limit} times per {@code window}. Past
 * that the lines are counted, not written, and the next line that is written says how many were
 * left out. Ten thousand peers hitting the same error cost ten lines a minute, not ten thousand,
 * so a hostile network cannot fill the disk or drown the warnings that matter.
 */
public final class RateLimitedLog {

  private final Logger log;
  private final int limit;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private long windowStart;
  private int written;
  private long suppressed;

  public RateLimitedLog(Logger log, int limit, Duration window) {
    this(log, limit, window, System::nanoTime);
  }

  RateLimitedLog(Logger log, int limit, Duration window, LongSupplier nanoTime) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
    }
    this.log = log;
    this.limit = limit;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
    this.windowStart = nanoTime.getAsLong();
  }

  /**
   * Logs at WARN like {@link Logger#warn(String, Object...)} (a last argument that is a {@link
   * Throwable} is the cause), unless this window's lines are used up.
   */
  public void warn(String format, Object... args) {
    long left = admit();
    if (left < 0 || !log.isWarnEnabled()) {
      return;
    }
    LoggingEventBuilder event = log.atWarn();
    Object[] values = args;
    if (args.length > 0 && args[args.length - 1] instanceof Throwable) {
      event.setCause((Throwable) args[args.length - 1]);
      values = Arrays.copyOf(args, args.length - 1);
    }
    for (Object value : values) {
      event.addArgument(value);
    }
    if (left > 0) {
      format += " ({} more like this not logged)";
      event.addArgument(left);
    }
    event.log(format);
  }

  /** How many lines were left out before this one, or −1 if this one is left out too. */
  private synchronized long admit() {
    long now = nanoTime.getAsLong();
    if (now - windowStart >= windowNanos) {
      windowStart = now;
      written = 0;
    }
    if (written >= limit) {
      suppressed++;
      return -1;
    }
    written++;
    long left = suppressed;
    suppressed = 0;
    return left;
  }
}
