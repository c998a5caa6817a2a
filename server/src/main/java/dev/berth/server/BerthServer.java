package dev.berth.server;

import dev.berth.config.Durations;
import dev.berth.config.ServerConfig;
import dev.berth.config.Transport;
import dev.berth.protocol.Framing;
import dev.berth.server.handler.ConnectionTracker;
import dev.berth.server.handover.ControlSocketServer;
import dev.berth.server.handover.HandoverException;
import dev.berth.server.handover.TakeoverSession;
import dev.berth.server.metrics.PrometheusMetrics;
import dev.berth.server.metrics.Readiness;
import dev.berth.server.metrics.ServerCounters;
import dev.berth.server.metrics.StartupWarnings;
import dev.berth.server.metrics.SystemSettings;
import dev.berth.server.pipeline.ServerChannelInitializer;
import dev.berth.server.transport.NettyTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A berth server: binds (or takes over) its listening sockets, serves connections on its event
 * loops, drains, and stops.
 *
 * <p>With SO_REUSEPORT it binds one listening socket per event loop, so the kernel spreads new
 * connections over the loops (and over other processes bound to the same port); without it, one
 * listening socket. Unless {@code --no-metrics}, it also serves the HTTP endpoint on the same loops.
 */
public final class BerthServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BerthServer.class);

  /**
   * Above 64 KiB of unwritten replies a connection stops reading until the peer catches up below
   * 32 KiB: enough to keep a fast peer's pipe full, small enough that 10,000 slow peers cost
   * little memory.
   */
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

  /** How long a successor waits for the old server to hand over its sockets. */
  private static final Duration HANDOVER_TIMEOUT = Duration.ofSeconds(10);

  private final ServerConfig config;
  private final ServerCounters counters = new ServerCounters();
  private final ConnectionTracker tracker;
  private final Readiness readiness = new Readiness();
  private final ServerListeners listeners = new ServerListeners();
  private final CompletableFuture<String> stopRequest = new CompletableFuture<>();
  private NettyTransport transport;
  private EventLoopGroup group;
  private boolean reusePort;
  private ServerChannelInitializer connectionInitializer;
  private MetricsEndpoint metricsEndpoint;
  private ControlSocketServer controlSocket;
  /** Set once a successor serves our listening sockets: they must stay open for it. */
  private volatile boolean handedOver;

  public BerthServer(ServerConfig config) {
    this.config = config;
    this.tracker = new ConnectionTracker(config.maxConnections(), counters);
  }

  /** Binds (or takes over) and starts serving; returns once it accepts connections. */
  public void start() throws ServerStartException {
    transport = NettyTransport.select(config.transport());
    reusePort = resolveReusePort();
    requireTransportOptions();
    connectionInitializer = new ServerChannelInitializer(config, greetingBytes(), tracker, counters);
    group = new MultiThreadIoEventLoopGroup(
        config.ioThreads(), new DefaultThreadFactory("berth-io"), transport.ioHandlerFactory());
    TakeoverSession takeover = null;
    try {
      // The endpoint first: a taken metrics port fails start-up before any connection is accepted.
      if (config.metrics()) {
        metricsEndpoint = MetricsEndpoint.start(config, transport, group, counters, tracker, readiness);
      }
      if (config.controlSocket() != null && config.takeoverFrom() == null) {
        bindControlSocket(); // before any connection is accepted, so a path in use fails start-up cleanly
      }
      if (config.takeoverFrom() != null) {
        takeover = takeOver();
      }
      if (takeover == null) {
        listeners.bind(listenerBootstrap().channel(transport.serverChannelClass()), config.host(), config.port(),
            reusePort ? config.ioThreads() : 1, reusePort);
      }
      readiness.markReady();
      if (takeover != null) {
        takeover.confirm(); // from here the old server drains; we serve its sockets
        takeover.close();
      }
      if (config.controlSocket() != null && controlSocket == null) {
        bindControlSocket(); // after a takeover: the old server has just given up the path
      }
    } catch (ServerStartException e) {
      if (takeover != null) {
        takeover.close();
      }
      close();
      throw e;
    } catch (HandoverException e) {
      close();
      throw ServerStartException.runtime(e.getMessage(), e);
    }
    logReady();
    logStartupNotes();
  }

  /** After the ready line: a failed start prints only its error, and a running one says how it shares its port. */
  private void logStartupNotes() {
    int sharing = listeners.othersOnTheirAddress();
    for (StartupWarnings.Note note : StartupWarnings.check(config, transport.name(), transport.supportsReusePort(),
        reusePort, SystemSettings.read(), sharing)) {
      if (note.warning()) {
        log.warn("{}", note.text());
      } else {
        log.info("{}", note.text());
      }
    }
  }

  private void logReady() {
    String address = Binding.format(config.host(), boundAddress().getPort());
    String metricsAddress = metricsAddress()
        .map(bound -> Binding.format(config.metricsHost(), bound.getPort())).orElse("off");
    log.atInfo()
        .addKeyValue("instance", config.instanceId())
        .addKeyValue("address", address)
        .addKeyValue("metrics", metricsAddress)
        .log("berth {} ready: instance={} address={} framing={} mode={} transport={} reuse-port={} io-threads={} "
            + "metrics={}", BerthVersion.get(), config.instanceId(), address, config.framing().optionName(),
            config.mode().optionName(), transport.name(), reusePort ? "on" : "off", config.ioThreads(),
            metricsAddress);
  }

  /** A bootstrap for the data port's listening sockets, without the channel to use. */
  private ServerBootstrap listenerBootstrap() {
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .option(ChannelOption.SO_BACKLOG, config.backlog())
        .childOption(ChannelOption.TCP_NODELAY, true)
        // Lets a peer's FIN arrive as an event instead of a close, so the replies still go out.
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(connectionInitializer);
    if (reusePort) {
      bootstrap.option(transport.reusePortOption(), true);
    }
    if (!config.deferAccept().isZero()) {
      bootstrap.option(transport.deferAcceptOption(), (int) config.deferAccept().toSeconds());
    }
    return bootstrap;
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

  private void requireTransportOptions() throws ServerStartException {
    if (!config.deferAccept().isZero() && transport.deferAcceptOption() == null) {
      throw ServerStartException.usage("--defer-accept: TCP_DEFER_ACCEPT is not available with transport "
          + transport.name());
    }
    if (config.takeoverFrom() != null && transport.kind() != Transport.EPOLL) {
      throw ServerStartException.usage("--takeover-from needs the epoll transport, which adopts listening "
          + "sockets (this server uses " + transport.name() + ")");
    }
    if (config.controlSocket() != null && transport.kind() != Transport.EPOLL
        && transport.kind() != Transport.IO_URING) {
      throw ServerStartException.usage("--control-socket needs the epoll or io_uring transport, whose "
          + "listening sockets can be handed over (this server uses " + transport.name() + ")");
    }
  }

  /**
   * Receives the listening sockets of the server behind {@code --takeover-from} and adopts them.
   * Returns {@code null} when that server is gone or refuses, after saying so; the caller then
   * binds as usual.
   */
  private TakeoverSession takeOver() throws ServerStartException {
    TakeoverSession session;
    try {
      session = TakeoverSession.open(config.takeoverFrom(), HANDOVER_TIMEOUT);
    } catch (HandoverException e) {
      log.warn("takeover from {} failed: {}; binding {} instead", config.takeoverFrom(), e.getMessage(),
          Binding.format(config.host(), config.port()));
      return null;
    }
    try {
      listeners.adopt(this::listenerBootstrap, session.listeners());
    } catch (Exception e) {
      session.close();
      throw ServerStartException.runtime("cannot adopt the sockets from " + config.takeoverFrom() + ": "
          + e.getMessage(), e);
    }
    log.info("took over {} listening sockets on port {} from {}", listeners.count(), boundAddress().getPort(),
        config.takeoverFrom());
    return session;
  }

  private void bindControlSocket() throws HandoverException {
    controlSocket = ControlSocketServer.bind(config.controlSocket(),
        config.controlSocket().equals(config.takeoverFrom()), listeners::descriptors, this::handedOver);
  }

  /** A successor serves our sockets now: stop the way a signal would, but leave them open. */
  private void handedOver() {
    handedOver = true;
    // At once, not when the drain starts: every connection accepted here from now on would only
    // be drained, while the successor could serve it.
    listeners.stop(true);
    stopRequest.complete("handed over to a successor");
  }

  /**
   * Completes when something other than a signal asks this server to stop: a successor took over
   * its listening sockets. The caller then {@link #drain() drains}.
   */
  public CompletableFuture<String> stopRequested() {
    return stopRequest;
  }

  /**
   * The graceful stop: readiness turns 503, the listening sockets close (or, once handed over,
   * stop being served here while the successor keeps them), and every connection is asked to
   * finish — idle ones first, spread over a short interval. Returns when every connection has
   * closed or {@code --drain-timeout} has passed; {@link #close()} then ends what is left.
   */
  public void drain() {
    if (listeners.count() == 0) {
      return; // never started
    }
    readiness.markDraining();
    tracker.startDraining();
    // Once handed over, the queues live on in the successor. With tcp_migrate_req=1 and other
    // instances on the port, the kernel moves what is queued at the close to them: close at once.
    // Otherwise what is queued at the close is reset, so it is accepted first.
    int queuedAtStop = handedOver ? 0 : listeners.queued();
    int queuedAtClose = 0;
    if (handedOver) {
      listeners.stop(true);
    } else if (SystemSettings.readTcpMigrateReq() == 1 && listeners.othersOnTheirAddress() > 0) {
      listeners.stop(false);
    } else {
      queuedAtClose = listeners.closeAfterAcceptingQueued(config.drainGrace());
    }
    log.atInfo()
        .addKeyValue("instance", config.instanceId())
        .log("draining: instance={} connections={} queued-at-stop={} queued-at-close={} listeners={}",
            config.instanceId(), tracker.activeConnections(), count(queuedAtStop), count(queuedAtClose),
            handedOver ? "handed over" : "closed");
    closeControlSocket();
    DrainCoordinator.drain(tracker.openConnections(), config.drainTimeout());
    long deadline = System.nanoTime() + config.drainTimeout().toNanos();
    while (tracker.activeConnections() > 0 && System.nanoTime() - deadline < 0) {
      tracker.openConnections().newCloseFuture().awaitUninterruptibly(
          Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    }
    int left = tracker.activeConnections();
    if (left > 0) {
      log.info("drain timeout ({}) passed: closing {} remaining connections",
          Durations.format(config.drainTimeout()), left);
    } else {
      log.info("drained: every connection closed");
    }
  }

  private static String count(int known) {
    return known < 0 ? "unknown" : Integer.toString(known);
  }

  private void closeControlSocket() {
    if (controlSocket != null) {
      controlSocket.close();
      controlSocket = null;
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
    return listeners.boundAddress();
  }

  /** How many listening sockets this server holds. */
  public int listenerCount() {
    return listeners.count();
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
    return Optional.ofNullable(metricsEndpoint).map(MetricsEndpoint::address);
  }

  /** The meters, empty with {@code --no-metrics} or before start. */
  public Optional<PrometheusMetrics> metrics() {
    return Optional.ofNullable(metricsEndpoint).map(MetricsEndpoint::metrics);
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
    if (listeners.isListening()) {
      log.info("berth stopping: instance={} closing {} connections", config.instanceId(), tracker.activeConnections());
    }
    readiness.markDraining();
    listeners.stop(handedOver);
    closeControlSocket();
    tracker.openConnections().close().awaitUninterruptibly();
    if (metricsEndpoint != null) {
      metricsEndpoint.close();
    }
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
