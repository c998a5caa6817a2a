package dev.berth.config;

import dev.berth.protocol.Framing;
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
    if (port < 0 || port > 65535) {
      throw new ConfigException("port: " + port + " (expected: 0..65535)");
    }
    if (metricsPort < 0 || metricsPort > 65535) {
      throw new ConfigException("metrics-port: " + metricsPort + " (expected: 0..65535)");
    }
    if (metrics && metricsPort != 0 && metricsPort == port) {
      throw new ConfigException("metrics-port: " + metricsPort
          + " is also the server's port (expected: a port of its own, or no metrics)");
    }
    if (!deferAccept.isZero() && deferAccept.toMillis() % 1000 != 0) {
      throw new ConfigException("defer-accept: " + Durations.format(deferAccept)
          + " (expected: whole seconds, e.g. 1s, or 0)");
    }
    if (ioThreads < 1) {
      throw new ConfigException("io-threads: " + ioThreads + " (expected: > 0)");
    }
    if (framing == Framing.RAW && mode.needsMessages()) {
      throw new ConfigException("--mode " + mode.optionName()
          + " needs messages, but --framing raw has none (use --framing line or length)");
    }
  }

  /** The configuration built from resolved settings; every error names its key and source. */
  public static ServerConfig from(Settings settings) {
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
        Math.toIntExact(settings.get(ServerOptions.MAX_LINE)),
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
