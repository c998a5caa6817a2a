package dev.berth.server;

import dev.berth.config.ServerConfig;
import dev.berth.server.connection.ConnectionTracker;
import dev.berth.server.connection.Greeting;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.handover.Handover;
import dev.berth.server.handover.HandoverException;
import dev.berth.server.http.MetricsEndpoint;
import dev.berth.server.lifecycle.GracefulStop;
import dev.berth.server.lifecycle.Readiness;
import dev.berth.server.listener.Listener;
import dev.berth.server.metrics.PrometheusMetrics;
import dev.berth.server.pipeline.ServerChannelInitializer;
import dev.berth.server.system.BerthVersion;
import dev.berth.server.system.StartupNotes;
import dev.berth.server.system.SystemSettings;
import dev.berth.server.transport.Binding;
import dev.berth.server.transport.NettyTransport;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A berth server, from start to stop: {@link #start()} binds (or takes over) its listening sockets
 * and serves them, {@link #drain()} is the graceful stop, {@link #close()} ends what is left.
 * Connections are served on the server's event loops, and so is the HTTP endpoint (unless
 * {@code --no-metrics}).
 */
public final class BerthServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BerthServer.class);

  private final ServerConfig config;
  private final ServerCounters counters = new ServerCounters();
  private final ConnectionTracker tracker;
  private final Readiness readiness = new Readiness();
  private final CompletableFuture<String> stopRequest = new CompletableFuture<>();
  private NettyTransport transport;
  private EventLoopGroup group;
  private Listener listener;
  private MetricsEndpoint metricsEndpoint;
  private Handover handover;
  /** Set once a successor serves our listening sockets: they must stay open for it. */
  private volatile boolean handedOver;

  public BerthServer(ServerConfig config) {
    this.config = config;
    this.tracker = new ConnectionTracker(config.maxConnections(), counters);
  }

  /**
   * Binds (or takes over) and starts serving; returns once it accepts connections.
   *
   * @throws dev.berth.config.ConfigException when this machine cannot run the configuration
   * @throws ServerStartException when starting fails at run time, e.g. the port is taken
   */
  public void start() throws ServerStartException {
    transport = NettyTransport.select(config.transport());
    transport.requireCapabilities(config);
    boolean reusePort = transport.reusePort(config.reusePort());
    group = new MultiThreadIoEventLoopGroup(
        config.ioThreads(), new DefaultThreadFactory("berth-io"), transport.ioHandlerFactory());
    listener = new Listener(transport, group, config, reusePort,
        new ServerChannelInitializer(config, Greeting.of(config), tracker, counters));
    try {
      if (config.metrics()) {
        // Before the listeners: a taken metrics port fails start-up before any connection is accepted.
        metricsEndpoint = MetricsEndpoint.bind(config, transport, group, readiness);
      }
      handover = Handover.prepare(config, listener::descriptors, this::handedOver);
      Optional<List<FileDescriptor>> inherited = handover.inheritedSockets();
      if (inherited.isPresent()) {
        listener.adopt(inherited.get());
      } else {
        listener.bind();
      }
      readiness.markReady();
      handover.serving();
    } catch (BindException | HandoverException e) {
      close();
      throw new ServerStartException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new ServerStartException("interrupted while starting", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    if (metricsEndpoint != null) {
      // Only now: the meters are start-up work that need not delay the first accepted connection.
      metricsEndpoint.serve(PrometheusMetrics.forServer(
          config, transport.name(), counters, tracker::activeConnections, readiness, group));
    }
    logReady();
    logStartupNotes();
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
            config.mode().optionName(), transport.name(), listener.reusePort() ? "on" : "off", config.ioThreads(),
            metricsAddress);
  }

  /** After the ready line: a failed start prints only its error, and a running one says how it shares its port. */
  private void logStartupNotes() {
    for (StartupNotes.Note note : StartupNotes.check(config, transport.name(), transport.supportsReusePort(),
        listener.reusePort(), SystemSettings.read(), listener.othersOnTheirAddress())) {
      if (note.warning()) {
        log.warn("{}", note.text());
      } else {
        log.info("{}", note.text());
      }
    }
  }

  /** A successor serves our sockets now: stop the way a signal would, but leave them open. */
  private void handedOver() {
    handedOver = true;
    // At once, not when the drain starts: every connection accepted here from now on would only
    // be drained, while the successor could serve it.
    listener.stop(true);
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
   * The graceful stop (see {@link GracefulStop}): returns when every connection has closed or
   * {@code --drain-timeout} has passed; {@link #close()} then ends what is left.
   */
  public void drain() {
    if (listener == null || listener.socketCount() == 0) {
      return; // never started
    }
    handover.close(); // no successor takes over sockets that are about to close
    new GracefulStop(config, readiness, tracker, listener).run(handedOver);
  }

  /** The address of the first listening socket (all share one port). */
  public InetSocketAddress boundAddress() {
    return listener.boundAddress();
  }

  /** How many listening sockets this server holds: one per event loop with SO_REUSEPORT, else one. */
  public int listeningSocketCount() {
    return listener.socketCount();
  }

  /** What the server has counted: connections, messages, bytes, errors. */
  public ServerCounters counters() {
    return counters;
  }

  /** The address of the HTTP endpoint, empty with {@code --no-metrics} or before start. */
  public Optional<InetSocketAddress> metricsAddress() {
    return Optional.ofNullable(metricsEndpoint).map(MetricsEndpoint::address);
  }

  /** The meters, empty with {@code --no-metrics} or before start. */
  public Optional<PrometheusMetrics> metrics() {
    return Optional.ofNullable(metricsEndpoint).flatMap(MetricsEndpoint::metrics);
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
    if (listener != null && listener.isListening()) {
      log.info("berth stopping: instance={} closing {} connections", config.instanceId(), tracker.activeConnections());
    }
    readiness.markDraining();
    if (listener != null) {
      listener.stop(handedOver);
    }
    if (handover != null) {
      handover.close();
    }
    tracker.openConnections().close().awaitUninterruptibly();
    if (metricsEndpoint != null) {
      metricsEndpoint.close();
    }
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
