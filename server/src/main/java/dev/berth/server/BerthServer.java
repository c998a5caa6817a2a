package dev.berth.server;

import dev.berth.config.ServerConfig;
import dev.berth.protocol.Framing;
import dev.berth.server.handler.ConnectionTracker;
import dev.berth.server.metrics.BerthMeterBinder;
import dev.berth.server.metrics.HttpEndpointInitializer;
import dev.berth.server.metrics.PrometheusMetrics;
import dev.berth.server.metrics.Readiness;
import dev.berth.server.metrics.RuntimeMeters;
import dev.berth.server.metrics.ServerCounters;
import dev.berth.server.metrics.StartupWarnings;
import dev.berth.server.metrics.SystemSettings;
import dev.berth.server.pipeline.ServerChannelInitializer;
import dev.berth.server.transport.NettyTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.micrometer.core.instrument.Tags;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A berth server: binds its listening sockets, serves connections on its event loops, and stops.
 *
 * <p>With SO_REUSEPORT it binds one listening socket per event loop, so the kernel spreads new
 * connections over the loops (and over other processes bound to the same port); without it, one
 * listening socket.
 *
 * <p>Unless {@code --no-metrics}, it also serves the HTTP endpoint ({@code /metrics},
 * {@code /healthz}, {@code /readyz}) on the same event loops.
 */
public final class BerthServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BerthServer.class);

  /**
   * Above 64 KiB of unwritten replies a connection stops reading until the peer catches up below
   * 32 KiB: enough to keep a fast peer's pipe full, small enough that 10,000 slow peers cost
   * little memory.
   */
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

  private final ServerConfig config;
  private final ServerCounters counters = new ServerCounters();
  private final ConnectionTracker tracker;
  private final Readiness readiness = new Readiness();
  private final List<Channel> listeners = new ArrayList<>();
  private PrometheusMetrics metrics;
  private Channel metricsListener;
  private NettyTransport transport;
  private EventLoopGroup group;
  private boolean reusePort;

  public BerthServer(ServerConfig config) {
    this.config = config;
    this.tracker = new ConnectionTracker(config.maxConnections(), counters);
  }

  /** Binds and starts serving; returns once every listening socket is bound. */
  public void start() throws ServerStartException {
    transport = NettyTransport.select(config.transport());
    reusePort = resolveReusePort();
    StartupWarnings.check(config, transport.name(), transport.supportsReusePort(), reusePort, SystemSettings.read())
        .forEach(log::warn);
    group = new MultiThreadIoEventLoopGroup(
        config.ioThreads(), new DefaultThreadFactory("berth-io"), transport.ioHandlerFactory());
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannelClass())
        .option(ChannelOption.SO_BACKLOG, config.backlog())
        .childOption(ChannelOption.TCP_NODELAY, true)
        // Lets a peer's FIN arrive as an event instead of a close, so the replies still go out.
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(new ServerChannelInitializer(config, greetingBytes(), tracker, counters));
    if (reusePort) {
      bootstrap.option(transport.reusePortOption(), true);
    }
    try {
      // The endpoint first: a taken metrics port fails start-up before any connection is accepted.
      if (config.metrics()) {
        startMetricsEndpoint();
      }
      int port = config.port();
      int sockets = reusePort ? config.ioThreads() : 1;
      for (int i = 0; i < sockets; i++) {
        InetSocketAddress address = resolve("--host", config.host(), port);
        Channel listener = bind(bootstrap, address, e -> BindFailure.describe(address, e, reusePort));
        listeners.add(listener);
        port = ((InetSocketAddress) listener.localAddress()).getPort(); // port 0: the rest join the first
      }
    } catch (ServerStartException e) {
      close();
      throw e;
    }
    readiness.markReady();
    String address = formatAddress(config.host(), boundAddress().getPort());
    String metricsAddress = metricsAddress()
        .map(bound -> formatAddress(config.metricsHost(), bound.getPort())).orElse("off");
    log.atInfo()
        .addKeyValue("instance", config.instanceId())
        .addKeyValue("address", address)
        .addKeyValue("metrics", metricsAddress)
        .log("berth {} ready: instance={} address={} framing={} mode={} transport={} reuse-port={} io-threads={} "
            + "metrics={}", BerthVersion.get(), config.instanceId(), address, config.framing().optionName(),
            config.mode().optionName(), transport.name(), reusePort ? "on" : "off", config.ioThreads(),
            metricsAddress);
  }

  /**
   * Binds the HTTP endpoint on the server's event loops. Never with SO_REUSEPORT: each instance
   * needs a metrics port of its own, or scrapes would land on a random instance.
   */
  private void startMetricsEndpoint() throws ServerStartException {
    metrics = new PrometheusMetrics(
        new BerthMeterBinder(counters, tracker::activeConnections, readiness, Tags.of(
            "version", BerthVersion.get(),
            "instance", config.instanceId(),
            "transport", transport.name(),
            "framing", config.framing().optionName(),
            "mode", config.mode().optionName())),
        new RuntimeMeters(group));
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .channel(transport.serverChannelClass())
        .childHandler(new HttpEndpointInitializer(metrics, readiness));
    InetSocketAddress address = resolve("--metrics-host", config.metricsHost(), config.metricsPort());
    metricsListener = bind(bootstrap, address, e -> describeMetricsBindFailure(address, e));
  }

  private static String describeMetricsBindFailure(InetSocketAddress address, Throwable error) {
    String failure = BindFailure.describe(address, error, false);
    if (failure.contains("address already in use")) {
      return "cannot bind " + formatAddress(address.getHostString(), address.getPort())
          + " (metrics): address already in use (pass --metrics-port to choose another, or --no-metrics)";
    }
    return "metrics endpoint: " + failure;
  }

  private boolean resolveReusePort() throws ServerStartException {
    Boolean requested = config.reusePort();
    if (requested == null) {
      return transport.supportsReusePort();
    }
    if (requested && !transport.supportsReusePort()) {
      throw ServerStartException.usage(
          "--reuse-port: SO_REUSEPORT is not available with transport " + transport.name() + " here");
    }
    return requested;
  }

  private static InetSocketAddress resolve(String option, String host, int port) throws ServerStartException {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw ServerStartException.usage(option + ": cannot resolve \"" + host + "\"");
    }
    return address;
  }

  private static Channel bind(ServerBootstrap bootstrap, InetSocketAddress address,
      Function<Exception, String> describeFailure) throws ServerStartException {
    try {
      return bootstrap.bind(address).sync().channel();
    } catch (Exception e) {
      throw ServerStartException.runtime(describeFailure.apply(e), e);
    }
  }

  private byte[] greetingBytes() {
    if (config.greeting() == null) {
      return null;
    }
    String text = config.greeting()
        .replace("{instance}", config.instanceId())
        .replace("{pid}", Long.toString(ProcessHandle.current().pid()))
        .replace("{version}", BerthVersion.get());
    // A raw stream has no framing to delimit the greeting; a newline ends it, as in a banner.
    return (config.framing() == Framing.RAW ? text + "\n" : text).getBytes(StandardCharsets.UTF_8);
  }

  /** The address of the first listening socket (all share one port). */
  public InetSocketAddress boundAddress() {
    return (InetSocketAddress) listeners.get(0).localAddress();
  }

  /** How many listening sockets this server holds. */
  public int listenerCount() {
    return listeners.size();
  }

  public String transportName() {
    return transport.name();
  }

  public boolean reusePort() {
    return reusePort;
  }

  public ServerCounters counters() {
    return counters;
  }

  /** The address of the HTTP endpoint, empty with {@code --no-metrics} or before start. */
  public Optional<InetSocketAddress> metricsAddress() {
    return Optional.ofNullable(metricsListener).map(listener -> (InetSocketAddress) listener.localAddress());
  }

  /** The meters, empty with {@code --no-metrics} or before start. */
  public Optional<PrometheusMetrics> metrics() {
    return Optional.ofNullable(metrics);
  }

  /**
   * Marks the server draining: {@code /readyz} answers 503 and {@code berth_draining} is 1 from
   * now on. The first step of a graceful stop, before the listening sockets close, so load
   * balancers stop sending new connections here.
   */
  public void markDraining() {
    readiness.markDraining();
  }

  public Readiness.State readiness() {
    return readiness.state();
  }

  /** Connections open now. */
  public int activeConnections() {
    return tracker.activeConnections();
  }

  public ServerConfig config() {
    return config;
  }

  /** Stops at once: closes the listening sockets and every connection, and stops the event loops. */
  @Override
  public void close() {
    if (!listeners.isEmpty()) {
      log.info("berth stopping: instance={} closing {} connections", config.instanceId(), tracker.activeConnections());
    }
    for (Channel listener : listeners) {
      listener.close().syncUninterruptibly();
    }
    tracker.openConnections().close().awaitUninterruptibly();
    if (metricsListener != null) {
      metricsListener.close().syncUninterruptibly();
    }
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (metrics != null) {
      metrics.close();
    }
  }

  /** {@code host:port}, with an IPv6 host in brackets. */
  static String formatAddress(String host, int port) {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
