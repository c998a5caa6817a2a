package dev.berth.config;

import dev.berth.protocol.Framing;
import dev.berth.protocol.LengthFrameDecoder;
import dev.berth.protocol.Mode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a berth server needs to start, validated when built.
 *
 * <p>{@code host}, {@code port}, {@code framing}, {@code mode}, {@code greeting} and {@code
 * proxyProtocol} are what every listener takes unless it sets its own; without {@code --listen}
 * there is one listener, made of them.
 *
 * @param greeting the greeting template, or {@code null} for none
 * @param listeners what the server serves: at least one, names and addresses unique
 * @param reusePort {@code null} means "where the platform has it"
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
    ProxyProtocol proxyProtocol,
    List<ListenerConfig> listeners,
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
    TlsConfig tls,
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
    Objects.requireNonNull(proxyProtocol, "proxyProtocol");
    Objects.requireNonNull(tls, "tls");
    listeners = List.copyOf(listeners);
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
    ListenerChecks.check(listeners, tls, metrics ? metricsPort : 0);
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
    Integer ioThreads = settings.get(ServerOptions.IO_THREADS);
    String instanceId = settings.get(ServerOptions.INSTANCE_ID);
    TlsConfig tls = tls(settings);
    // The top-level options, as the listener they make; its greeting is the template as given.
    ListenerConfig defaults = new ListenerConfig(
        ListenerConfig.defaultName(ListenerProtocol.TCP, settings.get(ServerOptions.PORT)),
        ListenerProtocol.TCP,
        settings.get(ServerOptions.HOST),
        settings.get(ServerOptions.PORT),
        settings.get(ServerOptions.FRAMING),
        settings.get(ServerOptions.MODE),
        settings.get(ServerOptions.GREETING),
        tls.hasCertificate(),
        settings.get(ServerOptions.PROXY_PROTOCOL),
        faults(settings));
    List<String> specs = settings.get(ServerOptions.LISTEN);
    List<ListenerConfig> listeners = new ArrayList<>();
    if (specs == null) {
      listeners.add(ListenerSpec.withGreetingDefault(defaults));
    } else {
      specs.forEach(spec -> listeners.add(ListenerSpec.parse(spec, defaults)));
    }
    return new ServerConfig(
        defaults.host(),
        defaults.port(),
        defaults.framing(),
        defaults.mode(),
        ListenerSpec.withGreetingDefault(defaults).greeting(),
        defaults.proxyProtocol(),
        listeners,
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
        tls,
        settings.get(ServerOptions.LOG_LEVEL),
        settings.get(ServerOptions.LOG_FORMAT));
  }

  /** The top-level fault options, each error placed where its value was set. */
  private static FaultSettings faults(Settings settings) {
    Map<String, String> values = new LinkedHashMap<>();
    for (ConfigKey<String> key : List.of(ServerOptions.DELAY, ServerOptions.DROP_RATE, ServerOptions.CLOSE_AFTER,
        ServerOptions.RESET_AFTER, ServerOptions.RESET_RATE, ServerOptions.STALL_AFTER, ServerOptions.THROTTLE,
        ServerOptions.FAULT_SEED)) {
      String value = settings.get(key);
      if (value != null) {
        values.put(key.name(), value);
      }
    }
    return FaultSettings.NONE.with(values);
  }

  private static TlsConfig tls(Settings settings) {
    Path clientCa = settings.get(ServerOptions.TLS_CLIENT_CA);
    TlsClientAuth clientAuth = settings.get(ServerOptions.TLS_CLIENT_AUTH);
    if (clientAuth == null) {
      clientAuth = clientCa != null ? TlsClientAuth.REQUIRE : TlsClientAuth.NONE;
    }
    return new TlsConfig(
        settings.get(ServerOptions.TLS_CERT),
        settings.get(ServerOptions.TLS_KEY),
        settings.get(ServerOptions.TLS_SELF_SIGNED),
        clientCa,
        clientAuth,
        settings.get(ServerOptions.TLS_PROTOCOLS),
        settings.get(ServerOptions.TLS_HANDSHAKE_TIMEOUT),
        settings.get(ServerOptions.TLS_PROVIDER));
  }

  /** The listener named {@code name}. */
  public Optional<ListenerConfig> listener(String name) {
    return listeners.stream().filter(listener -> listener.name().equals(name)).findFirst();
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
