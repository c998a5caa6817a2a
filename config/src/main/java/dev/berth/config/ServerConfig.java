package dev.berth.config;

import dev.berth.protocol.Framing;
import dev.berth.protocol.LengthFrameDecoder;
import dev.berth.protocol.Mode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a berth server needs to start, validated when built.
 *
 * @param reusePort {@code null} means "where the platform has it"
 * @param greeting the greeting template, or {@code null} for none
 * @param metrics whether to serve the HTTP endpoint (metrics, health, readiness)
 * @param drainGrace how long a drain waits for a connection's first message; {@link Duration#ZERO} for not at all
 * @param deferAccept {@link Duration#ZERO} for off
 * @param controlSocket where to offer the listening sockets to a successor, or {@code null}
 * @param takeoverFrom the control socket of the server to take over from, or {@code null}
 */
public record ServerConfig(
    String host,
    int port,
    Framing framing,
    Mode mode,
    String greeting,
    Boolean reusePort,
    int backlog,
    Transport transport,
    int ioThreads,
    int maxConnections,
    long maxFrame,
    int maxLine,
    Duration idleTimeout,
    Duration drainTimeout,
    Duration drainGrace,
    Duration deferAccept,
    boolean metrics,
    String metricsHost,
    int metricsPort,
    String instanceId,
    Path controlSocket,
    Path takeoverFrom,
    LogLevel logLevel,
    LogFormat logFormat) {

  /** Largest {@code --backlog}: far above any kernel's somaxconn, which caps it anyway. */
  public static final int MAX_BACKLOG = 1 << 20;
  /** Largest {@code --io-threads}. */
  public static final int MAX_IO_THREADS = 1024;
  /** Largest {@code --max-connections}. */
  public static final int MAX_CONNECTIONS = 10_000_000;
  /** Longest {@code --max-line}: the line and its terminator fit one buffer. */
  public static final int MAX_LINE = Integer.MAX_VALUE - 2;

  /** Every value is checked here; an error names the key (and {@link #from} where it was set). */
  public ServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(drainTimeout, "drainTimeout");
    Objects.requireNonNull(drainGrace, "drainGrace");
    Objects.requireNonNull(deferAccept, "deferAccept");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(metricsHost, "metricsHost");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(logFormat, "logFormat");
    Check.between("port", port, 0, 65535);
    Check.between("metrics-port", metricsPort, 0, 65535);
    Check.between("backlog", backlog, 1, MAX_BACKLOG);
    Check.between("io-threads", ioThreads, 1, MAX_IO_THREADS);
    Check.between("max-connections", maxConnections, 1, MAX_CONNECTIONS);
    Check.sizeBetween("max-frame", maxFrame, 0, LengthFrameDecoder.MAX_BUFFERED_FRAME);
    Check.sizeBetween("max-line", maxLine, 1, MAX_LINE);
    Check.notNegative("idle-timeout", idleTimeout);
    Check.notNegative("drain-timeout", drainTimeout);
    Check.notNegative("drain-grace", drainGrace);
    Check.notNegative("defer-accept", deferAccept);
    if (deferAccept.toMillis() % 1000 != 0) {
      throw ConfigException.invalid("defer-accept", Durations.format(deferAccept)
          + " (expected: whole seconds, e.g. 1s, or 0)");
    }
    if (metrics && metricsPort != 0 && metricsPort == port) {
      throw ConfigException.invalid("metrics-port", metricsPort
          + " is also the server's port%s (expected: a port of its own, or --no-metrics)", "port");
    }
    if (framing == Framing.RAW && mode.needsMessages()) {
      throw ConfigException.invalid("mode", mode.optionName()
          + " needs messages, but framing raw%s has none (use line or length framing)", "framing");
    }
  }

  /** The configuration built from resolved settings; every error names its key and source. */
  public static ServerConfig from(Settings settings) {
    try {
      return build(settings);
    } catch (ConfigException e) {
      throw e.placedIn(settings);
    }
  }

  private static ServerConfig build(Settings settings) {
    Mode mode = settings.get(ServerOptions.MODE);
    String greeting = settings.get(ServerOptions.GREETING);
    if (greeting == null && mode == Mode.HELLO) {
      greeting = "Welcome!";
    }
    Integer ioThreads = settings.get(ServerOptions.IO_THREADS);
    String instanceId = settings.get(ServerOptions.INSTANCE_ID);
    return new ServerConfig(
        settings.get(ServerOptions.HOST),
        settings.get(ServerOptions.PORT),
        settings.get(ServerOptions.FRAMING),
        mode,
        greeting,
        settings.get(ServerOptions.REUSE_PORT),
        settings.get(ServerOptions.BACKLOG),
        settings.get(ServerOptions.TRANSPORT),
        ioThreads != null ? ioThreads : Runtime.getRuntime().availableProcessors(),
        settings.get(ServerOptions.MAX_CONNECTIONS),
        settings.get(ServerOptions.MAX_FRAME),
        (int) Math.min(Integer.MAX_VALUE, settings.get(ServerOptions.MAX_LINE)),
        settings.get(ServerOptions.IDLE_TIMEOUT),
        settings.get(ServerOptions.DRAIN_TIMEOUT),
        settings.get(ServerOptions.DRAIN_GRACE),
        settings.get(ServerOptions.DEFER_ACCEPT),
        settings.get(ServerOptions.METRICS),
        settings.get(ServerOptions.METRICS_HOST),
        settings.get(ServerOptions.METRICS_PORT),
        instanceId != null ? instanceId : defaultInstanceId(),
        settings.get(ServerOptions.CONTROL_SOCKET),
        settings.get(ServerOptions.TAKEOVER_FROM),
        settings.get(ServerOptions.LOG_LEVEL),
        settings.get(ServerOptions.LOG_FORMAT));
  }

  /** The defaults, with overrides as option name/value pairs; handy for tests and embedding. */
  public static ServerConfig defaults(String... nameValuePairs) {
    return from(Settings.fromPairs(ServerOptions.ALL, nameValuePairs));
  }

  private static String defaultInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
