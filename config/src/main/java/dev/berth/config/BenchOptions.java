package dev.berth.config;

import dev.berth.protocol.Framing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The options of {@code berth bench}, in the order help and {@code --print-config} show them. */
public final class BenchOptions {

  /** Largest message the bench sends; every connection keeps one copy as the expected reply. */
  public static final long MAX_SIZE = 64L << 20;
  /** One client address has about 28,000 ephemeral ports towards one server address. */
  public static final int MAX_CONNECTIONS = 60_000;

  public static final ConfigKey<String> HOST = TargetOptions.HOST;
  public static final ConfigKey<Integer> PORT = TargetOptions.PORT;
  public static final ConfigKey<Framing> FRAMING = TargetOptions.FRAMING;
  public static final ConfigKey<Integer> CONNECTIONS = new ConfigKey<>("connections", "N", "50",
      "Concurrent connections (with --churn: concurrent connection attempts).",
      Parsers::integer);
  public static final ConfigKey<Long> SIZE = new ConfigKey<>("size", "SIZE", "64",
      "Payload size of each message.", Sizes::parse);
  public static final ConfigKey<Integer> PIPELINE = new ConfigKey<>("pipeline", "N", "1",
      "Messages in flight per connection (with --rate: the most in flight).", Parsers::integer);
  public static final ConfigKey<Duration> DURATION = new ConfigKey<>("duration", "DURATION", "10s",
      "How long to measure, after the warmup (0 = until SIGINT or SIGTERM, which end any run early "
          + "with its full report).", Durations::parse);
  public static final ConfigKey<Duration> WARMUP = new ConfigKey<>("warmup", "DURATION", "2s",
      "Load before measuring, not counted in throughput and latency (0 = none).", Durations::parse);
  public static final ConfigKey<Boolean> CHURN = new ConfigKey<>("churn", null, "false",
      "One fresh connection per message; reports connections/s and connect latency.", Parsers::bool);
  public static final ConfigKey<Integer> RATE = new ConfigKey<>("rate", "N", null,
      "Messages per second in all: open loop, latency measured from each message's intended send "
          + "time (default: closed loop, as fast as replies come).", Parsers::integer);
  public static final ConfigKey<Integer> CONNECT_RATE = new ConfigKey<>("connect-rate", "N", null,
      "With --churn: new connections per second in all, each carrying one message (open loop, "
          + "as --rate).", Parsers::integer);
  public static final ConfigKey<Boolean> JSON = new ConfigKey<>("json", null, "false",
      "Print the summary as one JSON object.", Parsers::bool);
  public static final ConfigKey<Boolean> JSON_STREAM = new ConfigKey<>("json-stream", null, "false",
      "Print one JSON object a second on standard output, then the summary as one JSON object.", Parsers::bool);
  public static final ConfigKey<Path> HLOG = new ConfigKey<>("hlog", "PATH", null,
      "Write an HdrHistogram interval log there: one histogram a second (HistogramLogProcessor reads it).",
      text -> Path.of(Parsers.text(text)));
  public static final ConfigKey<Path> HTML = new ConfigKey<>("html", "PATH", null,
      "Write a self-contained HTML report there: latency by percentile, throughput and p99 over the run, "
          + "errors, the command line and the machine.", text -> Path.of(Parsers.text(text)));
  public static final ConfigKey<Duration> TIMEOUT = new ConfigKey<>("timeout", "DURATION", "5s",
      "A reply later than this counts as a timeout.", Durations::parse);
  public static final ConfigKey<Duration> CONNECT_TIMEOUT = new ConfigKey<>("connect-timeout", "DURATION", "5s",
      "A connection attempt longer than this counts as a timeout.", Durations::parse);
  public static final ConfigKey<Duration> SEND_DELAY = new ConfigKey<>("send-delay", "DURATION", "0",
      "Wait this long after each connection opens before sending on it, like a client that connects and "
          + "then thinks (against a server's --defer-accept it keeps connections in the kernel's queues).",
      Durations::parse);
  public static final ConfigKey<Boolean> RESEND = new ConfigKey<>("resend", null, "true",
      "When the server closes with messages unanswered (a draining server), reconnect and resend them; "
          + "with --no-resend they count as lost, like a client such as nc that does not retry.", Parsers::bool);
  public static final ConfigKey<Integer> IO_THREADS = new ConfigKey<>("io-threads", "N", null,
      "Event-loop threads (default: number of cores).", Parsers::integer);

  /** Every bench option. */
  public static final List<ConfigKey<?>> ALL = List.of(
      HOST, PORT, FRAMING, CONNECTIONS, SIZE, PIPELINE, DURATION, WARMUP, CHURN, RATE, CONNECT_RATE,
      JSON, JSON_STREAM, HLOG, HTML, TIMEOUT, CONNECT_TIMEOUT, SEND_DELAY, RESEND, IO_THREADS);

  private BenchOptions() {}
}
