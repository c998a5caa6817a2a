package dev.berth.config;

import dev.berth.protocol.Framing;
import dev.berth.protocol.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The options of {@code berth server}, in the order help and {@code --print-config} show them.
 * Each parser reads its kind of value (a number, a size, a duration); which values are allowed is
 * {@link ServerConfig}'s to say, in one place.
 */
public final class ServerOptions {

  public static final ConfigKey<String> HOST =
      new ConfigKey<>("host", "ADDRESS", "0.0.0.0", "Bind address (:: for dual stack).", Parsers::text);
  public static final ConfigKey<Integer> PORT =
      new ConfigKey<>("port", "PORT", "12345", "TCP port (0 picks a free one).", Parsers::integer);
  public static final ConfigKey<Framing> FRAMING = new ConfigKey<>("framing", "FRAMING", "line",
      "Message framing: line, length or raw.", Framing::fromOptionName);
  public static final ConfigKey<Mode> MODE = new ConfigKey<>("mode", "MODE", "echo",
      "What to do with each message: echo, reverse, hello or discard.", Mode::fromOptionName);
  public static final ConfigKey<String> GREETING = new ConfigKey<>("greeting", "TEXT", null,
      "Message sent once on connect ({instance}, {pid} and {version} are replaced); "
          + "default none, Welcome! in hello mode.", text -> text);
  public static final ConfigKey<Boolean> REUSE_PORT = new ConfigKey<>("reuse-port", null, null,
      "SO_REUSEPORT, so several processes of the same user share the port (default: on where the OS has it).",
      Parsers::bool);
  public static final ConfigKey<Integer> BACKLOG =
      new ConfigKey<>("backlog", "N", "1024", "Listen backlog.", Parsers::integer);
  public static final ConfigKey<Transport> TRANSPORT = new ConfigKey<>("transport", "TRANSPORT", "auto",
      "I/O transport: auto, epoll, io_uring, kqueue or nio.", Transport::fromOptionName);
  public static final ConfigKey<Integer> IO_THREADS = new ConfigKey<>("io-threads", "N", null,
      "Event-loop threads (default: number of cores).", Parsers::integer);
  public static final ConfigKey<Integer> MAX_CONNECTIONS = new ConfigKey<>("max-connections", "N", "10000",
      "Connections past this are accepted, closed at once and counted.", Parsers::integer);
  public static final ConfigKey<Long> MAX_FRAME = new ConfigKey<>("max-frame", "SIZE", "16MiB",
      "Largest length-framed payload buffered.", Sizes::parse);
  public static final ConfigKey<Long> MAX_LINE = new ConfigKey<>("max-line", "SIZE", "64KiB",
      "Longest line, terminator excluded.", Sizes::parse);
  public static final ConfigKey<Duration> IDLE_TIMEOUT = new ConfigKey<>("idle-timeout", "DURATION", "5m",
      "Close a connection with no traffic for this long (0 = never).", Durations::parse);
  public static final ConfigKey<Duration> DRAIN_TIMEOUT = new ConfigKey<>("drain-timeout", "DURATION", "30s",
      "How long a graceful stop waits for peers to finish before closing what is left.", Durations::parse);
  public static final ConfigKey<Duration> DRAIN_GRACE = new ConfigKey<>("drain-grace", "DURATION", "1s",
      "How long a graceful stop waits for the first message of a connection that has sent none yet (a "
          + "one-shot client such as nc, accepted just before or during the stop), to answer it before "
          + "half-closing (0 = none).", Durations::parse);
  public static final ConfigKey<Duration> DEFER_ACCEPT = new ConfigKey<>("defer-accept", "DURATION", "0",
      "Linux TCP_DEFER_ACCEPT: hand a connection to berth only once its first bytes arrive, waiting up to "
          + "this long (whole seconds; 0 = off).", Durations::parse);
  public static final ConfigKey<Path> CONTROL_SOCKET = new ConfigKey<>("control-socket", "PATH", null,
      "Unix socket (mode 0600) on which this server hands its listening sockets to a successor.",
      text -> Path.of(Parsers.text(text)));
  public static final ConfigKey<Path> TAKEOVER_FROM = new ConfigKey<>("takeover-from", "PATH", null,
      "Start by adopting the listening sockets of the server behind this control socket, which then drains.",
      text -> Path.of(Parsers.text(text)));
  public static final ConfigKey<String> INSTANCE_ID = new ConfigKey<>("instance-id", "ID", null,
      "Shown in logs, greeting and metrics (default: <hostname>-<pid>).", Parsers::text);
  public static final ConfigKey<String> METRICS_HOST = new ConfigKey<>("metrics-host", "ADDRESS", "0.0.0.0",
      "Address of the HTTP endpoint (/metrics, /healthz, /readyz).", Parsers::text);
  public static final ConfigKey<Integer> METRICS_PORT = new ConfigKey<>("metrics-port", "PORT", "9464",
      "Port of the HTTP endpoint; each instance needs its own (0 picks a free one).", Parsers::integer);
  public static final ConfigKey<Boolean> METRICS = new ConfigKey<>("metrics", null, "true",
      "Serve the HTTP endpoint (--no-metrics: none).", Parsers::bool);
  public static final ConfigKey<Path> CONFIG = ConfigFile.KEY;
  public static final ConfigKey<LogLevel> LOG_LEVEL = new ConfigKey<>("log-level", "LEVEL", "info",
      "error, warn, info or debug.", LogLevel::fromOptionName);
  public static final ConfigKey<LogFormat> LOG_FORMAT = new ConfigKey<>("log-format", "FORMAT", "text",
      "text, or json for one JSON object a line.", LogFormat::fromOptionName);

  /** Every server option. */
  public static final List<ConfigKey<?>> ALL = List.of(
      HOST, PORT, FRAMING, MODE, GREETING, REUSE_PORT, BACKLOG, TRANSPORT, IO_THREADS,
      MAX_CONNECTIONS, MAX_FRAME, MAX_LINE, IDLE_TIMEOUT, DRAIN_TIMEOUT, DRAIN_GRACE, DEFER_ACCEPT, METRICS_HOST,
      METRICS_PORT, METRICS, INSTANCE_ID, CONTROL_SOCKET, TAKEOVER_FROM, CONFIG, LOG_LEVEL, LOG_FORMAT);

  private ServerOptions() {}
}
