package dev.berth.config;

import dev.berth.protocol.Framing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@code berth bench} needs, validated when built.
 *
 * @param connections concurrent connections; with {@code churn}, concurrent connection attempts
 * @param pipeline messages in flight per connection
 * @param rate messages per second in all (open loop), or 0 for a closed loop
 * @param duration how long to measure after the warmup; {@link Duration#ZERO} means until the
 *     bench is stopped
 * @param timeout a reply later than this is counted as a timeout
 * @param resend whether messages a closing server left unanswered are sent again on a new
 *     connection; without it they count as lost
 * @param jsonStream whether each second is printed as a JSON object, and the summary as JSON
 * @param hlog where to write an HdrHistogram interval log, or {@code null}
 * @param html where to write the HTML report, or {@code null}
 */
public record BenchConfig(
    String host,
    int port,
    Framing framing,
    int connections,
    int size,
    int pipeline,
    Duration duration,
    Duration warmup,
    boolean churn,
    int rate,
    boolean json,
    Duration timeout,
    Duration connectTimeout,
    Duration sendDelay,
    boolean resend,
    int ioThreads,
    boolean jsonStream,
    Path hlog,
    Path html) {

  /** Largest {@code --pipeline}. */
  public static final int MAX_PIPELINE = 1 << 16;
  /** Largest {@code --io-threads}. */
  public static final int MAX_IO_THREADS = 1024;

  /** Every value is checked here; an error names the key (and {@link #from} where it was set). */
  public BenchConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(sendDelay, "sendDelay");
    Check.between("port", port, 1, 65535);
    Check.between("connections", connections, 1, BenchOptions.MAX_CONNECTIONS);
    Check.sizeBetween("size", size, 1, BenchOptions.MAX_SIZE);
    Check.between("pipeline", pipeline, 1, MAX_PIPELINE);
    Check.notNegative("duration", duration);
    Check.notNegative("warmup", warmup);
    Check.positive("timeout", timeout);
    Check.positive("connect-timeout", connectTimeout);
    Check.notNegative("send-delay", sendDelay);
    // 0 is a closed loop, the default; a rate that is given is checked in from().
    Check.between("rate", rate, 0, Integer.MAX_VALUE);
    Check.between("io-threads", ioThreads, 1, MAX_IO_THREADS);
    if (churn && pipeline != 1) {
      throw ConfigException.invalid("pipeline", pipeline
          + " with churn%s (expected: 1; each churn connection carries one message)", "churn");
    }
  }

  /** Whether the run measures until it is stopped rather than for a fixed duration. */
  public boolean untilStopped() {
    return duration.isZero();
  }

  /** Whether messages are sent at a fixed rate rather than as fast as replies come. */
  public boolean openLoop() {
    return rate > 0;
  }

  /** The configuration built from resolved settings; every error names its key and source. */
  public static BenchConfig from(Settings settings) {
    try {
      return build(settings);
    } catch (ConfigException e) {
      throw e.placedIn(settings);
    }
  }

  private static BenchConfig build(Settings settings) {
    Integer rate = settings.get(BenchOptions.RATE);
    if (rate != null) {
      Check.between("rate", rate, 1, Integer.MAX_VALUE);
    }
    Integer connectRate = settings.get(BenchOptions.CONNECT_RATE);
    if (connectRate != null) {
      Check.between("connect-rate", connectRate, 1, Integer.MAX_VALUE);
      if (rate != null) {
        throw ConfigException.invalid("connect-rate", connectRate
            + " and a rate%s cannot be combined (with churn they are the same: choose one)", "rate");
      }
      if (!settings.get(BenchOptions.CHURN)) {
        throw ConfigException.invalid("connect-rate", connectRate
            + " without --churn (expected: --churn; without it a connection carries many messages: use --rate)");
      }
      rate = connectRate;
    }
    long size = settings.get(BenchOptions.SIZE);
    Check.sizeBetween("size", size, 1, BenchOptions.MAX_SIZE);
    Integer ioThreads = settings.get(BenchOptions.IO_THREADS);
    return new BenchConfig(
        settings.get(BenchOptions.HOST),
        settings.get(BenchOptions.PORT),
        settings.get(BenchOptions.FRAMING),
        settings.get(BenchOptions.CONNECTIONS),
        (int) size,
        settings.get(BenchOptions.PIPELINE),
        settings.get(BenchOptions.DURATION),
        settings.get(BenchOptions.WARMUP),
        settings.get(BenchOptions.CHURN),
        rate != null ? rate : 0,
        settings.get(BenchOptions.JSON),
        settings.get(BenchOptions.TIMEOUT),
        settings.get(BenchOptions.CONNECT_TIMEOUT),
        settings.get(BenchOptions.SEND_DELAY),
        settings.get(BenchOptions.RESEND),
        ioThreads != null ? ioThreads : Runtime.getRuntime().availableProcessors(),
        settings.get(BenchOptions.JSON_STREAM),
        settings.get(BenchOptions.HLOG),
        settings.get(BenchOptions.HTML));
  }

  /** The defaults, with overrides as option name/value pairs; handy for tests and embedding. */
  public static BenchConfig defaults(String... nameValuePairs) {
    return from(Settings.fromPairs(BenchOptions.ALL, nameValuePairs));
  }

}
