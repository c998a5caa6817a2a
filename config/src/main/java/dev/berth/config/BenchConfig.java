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

  public BenchConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(sendDelay, "sendDelay");
    if (port < 1 || port > 65535) {
      throw new ConfigException("--port: " + port + " (expected: 1..65535)");
    }
    if (connections < 1 || connections > BenchOptions.MAX_CONNECTIONS) {
      throw new ConfigException(
          "connections: " + connections + " (expected: 1.." + BenchOptions.MAX_CONNECTIONS + ")");
    }
    if (size < 1 || size > BenchOptions.MAX_SIZE) {
      throw new ConfigException("--size: " + size + " (expected: 1.." + Sizes.format(BenchOptions.MAX_SIZE) + ")");
    }
    if (pipeline < 1) {
      throw new ConfigException("--pipeline: " + pipeline + " (expected: > 0)");
    }
    if (duration.isNegative()) {
      throw new ConfigException("--duration: " + Durations.format(duration) + " (expected: >= 0; 0 = until stopped)");
    }
    requirePositive("timeout", timeout);
    requirePositive("connect-timeout", connectTimeout);
    if (warmup.isNegative()) {
      throw new ConfigException("--warmup: " + Durations.format(warmup) + " (expected: >= 0)");
    }
    if (rate < 0) {
      throw new ConfigException("--rate: " + rate + " (expected: > 0, or 0 for a closed loop)");
    }
    if (ioThreads < 1) {
      throw new ConfigException("--io-threads: " + ioThreads + " (expected: > 0)");
    }
    if (churn && pipeline != 1) {
      throw new ConfigException("--pipeline " + pipeline
          + " with --churn (expected: 1; each churn connection carries one message)");
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
    Integer rate = settings.get(BenchOptions.RATE);
    Integer connectRate = settings.get(BenchOptions.CONNECT_RATE);
    if (connectRate != null) {
      if (rate != null) {
        throw new ConfigException(settings.sourceOf(BenchOptions.CONNECT_RATE) + " and "
            + settings.sourceOf(BenchOptions.RATE) + " cannot be combined (with --churn they are the same: choose one)");
      }
      if (!settings.get(BenchOptions.CHURN)) {
        throw new ConfigException(settings.sourceOf(BenchOptions.CONNECT_RATE)
            + " needs --churn (without it a connection carries many messages: use --rate)");
      }
      rate = connectRate;
    }
    Integer ioThreads = settings.get(BenchOptions.IO_THREADS);
    return new BenchConfig(
        settings.get(BenchOptions.HOST),
        settings.get(BenchOptions.PORT),
        settings.get(BenchOptions.FRAMING),
        settings.get(BenchOptions.CONNECTIONS),
        Math.toIntExact(settings.get(BenchOptions.SIZE)),
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

  private static void requirePositive(String name, Duration value) {
    if (value.isZero() || value.isNegative()) {
      throw new ConfigException("--" + name + ": " + Durations.format(value) + " (expected: > 0)");
    }
  }
}
