package dev.berth.config;

import dev.berth.protocol.Framing;
import dev.berth.protocol.Mode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
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
  public static final ConfigKey<List<String>> LISTEN = new ConfigKey<>("listen", "SPEC", null,
      "A listener, as comma-separated key=value pairs (name, host, port, framing, mode, greeting, tls, "
          + "proxy-protocol), e.g. port=12346,framing=length; repeat for several. Keys a SPEC does not set "
          + "come from the options above. Default: one listener made of them. In BERTH_LISTEN, SPECs are "
          + "separated by ';'; in YAML, listeners: is a list of maps.",
      ServerOptions::specs, true);
  public static final ConfigKey<ProxyProtocol> PROXY_PROTOCOL = new ConfigKey<>("proxy-protocol", "VERSION", "off",
      "Every connection begins with a PROXY protocol header from a load balancer: off, v1, v2 or any.",
      ProxyProtocol::fromOptionName);
  public static final ConfigKey<String> DELAY = fault("delay", "DURATION",
      "Each reply waits this long, or uniformly D1..D2 (e.g. 20ms..80ms); replies stay in order.");
  public static final ConfigKey<String> DROP_RATE = fault("drop-rate", "P",
      "Leave each message unanswered with this probability (0 to 1).");
  public static final ConfigKey<String> CLOSE_AFTER = fault("close-after", "N",
      "Half-close each connection (FIN) after its N-th reply.");
  public static final ConfigKey<String> RESET_AFTER = fault("reset-after", "N",
      "Reset each connection (RST) after its N-th reply.");
  public static final ConfigKey<String> RESET_RATE = fault("reset-rate", "P",
      "Reset each new connection at its first message with this probability (0 to 1).");
  public static final ConfigKey<String> STALL_AFTER = fault("stall-after", "N",
      "Stop reading from each connection after N messages (its sends block) until it closes or idles out.");
  public static final ConfigKey<String> THROTTLE = fault("throttle", "SIZE",
      "Send each connection at most this many reply bytes a second, e.g. 64KiB.");
  public static final ConfigKey<String> FAULT_SEED = fault("fault-seed", "N",
      "Seed of the faults' random choices, so a run can be replayed (default: a fresh one).");
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
      "Largest length-framed payload buffered; a larger one is a protocol error (frame_too_long), except in "
          + "echo mode, which streams it back as it arrives.", Sizes::parse);
  public static final ConfigKey<Long> MAX_LINE = new ConfigKey<>("max-line", "SIZE", "64KiB",
      "Longest line, terminator excluded.", Sizes::parse);
  public static final ConfigKey<Duration> IDLE_TIMEOUT = new ConfigKey<>("idle-timeout", "DURATION", "5m",
      "Half-close (FIN) a connection that makes no progress for this long: no complete message received and "
          + "no reply bytes taken by the peer (on a raw port, no bytes received). Bytes that never finish a "
          + "message are not progress (0 = never).", Durations::parse);
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
      ServerOptions::path);
  public static final ConfigKey<Path> TAKEOVER_FROM = new ConfigKey<>("takeover-from", "PATH", null,
      "Start by adopting the listening sockets of the server behind this control socket, which then drains.",
      ServerOptions::path);
  public static final ConfigKey<String> INSTANCE_ID = new ConfigKey<>("instance-id", "ID", null,
      "Shown in logs, greeting and metrics (default: <hostname>-<pid>).", Parsers::text);
  public static final ConfigKey<String> METRICS_HOST = new ConfigKey<>("metrics-host", "ADDRESS", "0.0.0.0",
      "Address of the HTTP endpoint (/metrics, /healthz, /readyz).", Parsers::text);
  public static final ConfigKey<Integer> METRICS_PORT = new ConfigKey<>("metrics-port", "PORT", "9464",
      "Port of the HTTP endpoint; each instance needs its own (0 picks a free one).", Parsers::integer);
  public static final ConfigKey<Boolean> METRICS = new ConfigKey<>("metrics", null, "true",
      "Serve the HTTP endpoint (--no-metrics: none).", Parsers::bool);
  public static final ConfigKey<Path> TLS_CERT = new ConfigKey<>("tls-cert", "PATH", null,
      "PEM certificate chain; with --tls-key, TLS on every listener that does not say tls=off.", ServerOptions::path);
  public static final ConfigKey<Path> TLS_KEY = new ConfigKey<>("tls-key", "PATH", null,
      "PEM private key (PKCS#8; RSA or EC) of --tls-cert.", ServerOptions::path);
  public static final ConfigKey<Boolean> TLS_SELF_SIGNED = new ConfigKey<>("tls-self-signed", null, "false",
      "A fresh self-signed certificate for localhost, 127.0.0.1, ::1 and the host name, made at start (its "
          + "SHA-256 fingerprint is logged): TLS for tests and demos.", Parsers::bool);
  public static final ConfigKey<Path> TLS_CLIENT_CA = new ConfigKey<>("tls-client-ca", "PATH", null,
      "PEM CA bundle that client certificates must chain to (mutual TLS).", ServerOptions::path);
  public static final ConfigKey<TlsClientAuth> TLS_CLIENT_AUTH = new ConfigKey<>("tls-client-auth", "MODE", null,
      "none, optional or require (default: require with --tls-client-ca, else none).",
      TlsClientAuth::fromOptionName);
  public static final ConfigKey<List<String>> TLS_PROTOCOLS = new ConfigKey<>("tls-protocols", "LIST",
      "TLSv1.3,TLSv1.2", "Enabled TLS versions, comma-separated.", ServerOptions::list);
  public static final ConfigKey<Duration> TLS_HANDSHAKE_TIMEOUT = new ConfigKey<>("tls-handshake-timeout",
      "DURATION", "10s", "A TLS handshake not done by then is closed and counted.", Durations::parse);
  public static final ConfigKey<TlsProvider> TLS_PROVIDER = new ConfigKey<>("tls-provider", "PROVIDER", "auto",
      "auto (OpenSSL where netty-tcnative loads, else the JDK), openssl or jdk.", TlsProvider::fromOptionName);
  public static final ConfigKey<Path> CONFIG = ConfigFile.KEY;
  public static final ConfigKey<LogLevel> LOG_LEVEL = new ConfigKey<>("log-level", "LEVEL", "info",
      "error, warn, info or debug.", LogLevel::fromOptionName);
  public static final ConfigKey<LogFormat> LOG_FORMAT = new ConfigKey<>("log-format", "FORMAT", "text",
      "text, or json for one JSON object a line.", LogFormat::fromOptionName);

  /** Every server option. */
  public static final List<ConfigKey<?>> ALL = List.of(
      HOST, PORT, FRAMING, MODE, GREETING, LISTEN, PROXY_PROTOCOL, DELAY, DROP_RATE, CLOSE_AFTER, RESET_AFTER,
      RESET_RATE, STALL_AFTER, THROTTLE, FAULT_SEED, REUSE_PORT, BACKLOG, TRANSPORT, IO_THREADS,
      MAX_CONNECTIONS, MAX_FRAME, MAX_LINE, IDLE_TIMEOUT, DRAIN_TIMEOUT, DRAIN_GRACE, DEFER_ACCEPT, METRICS_HOST,
      METRICS_PORT, METRICS, INSTANCE_ID, CONTROL_SOCKET, TAKEOVER_FROM, TLS_CERT, TLS_KEY, TLS_SELF_SIGNED, TLS_CLIENT_CA, TLS_CLIENT_AUTH,
      TLS_PROTOCOLS, TLS_HANDSHAKE_TIMEOUT, TLS_PROVIDER, CONFIG, LOG_LEVEL, LOG_FORMAT);

  private ServerOptions() {}

  /** A fault option: its value is read with the others into {@link FaultSettings} (off by default). */
  private static ConfigKey<String> fault(String name, String label, String description) {
    return new ConfigKey<>(name, label, null, "Fault on purpose: " + description, Parsers::text);
  }

  private static Path path(String text) {
    return Path.of(Parsers.text(text));
  }

  /** A comma-separated list, e.g. {@code TLSv1.3,TLSv1.2}. */
  private static List<String> list(String text) {
    return Arrays.stream(text.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
  }

  /**
   * {@code --listen} SPECs, one a line (flags, the file) or separated by {@code ;} (the
   * environment); a {@code ;} inside a quoted value is the value's.
   */
  private static List<String> specs(String text) {
    List<String> specs = new ArrayList<>();
    StringBuilder spec = new StringBuilder();
    boolean quoted = false;
    for (char c : text.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      }
      if (!quoted && (c == ';' || c == '\n')) {
        specs.add(spec.toString().strip());
        spec.setLength(0);
      } else {
        spec.append(c);
      }
    }
    specs.add(spec.toString().strip());
    specs.removeIf(String::isEmpty);
    return specs;
  }
}
