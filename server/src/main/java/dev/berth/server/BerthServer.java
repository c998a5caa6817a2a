package dev.berth.server;

import dev.berth.config.ListenerConfig;
import dev.berth.config.ListenerProtocol;
import dev.berth.config.ServerConfig;
import dev.berth.server.activation.SocketActivation;
import dev.berth.server.connection.ConnectionTracker;
import dev.berth.server.control.ServerControl;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.faults.ListenerFaults;
import dev.berth.server.handover.Handover;
import dev.berth.server.handover.HandoverException;
import dev.berth.server.http.MetricsEndpoint;
import dev.berth.server.lifecycle.GracefulStop;
import dev.berth.server.lifecycle.Readiness;
import dev.berth.server.listener.Listener;
import dev.berth.server.listener.Listeners;
import dev.berth.server.metrics.ListenerMeters;
import dev.berth.server.metrics.PrometheusMetrics;
import dev.berth.server.pipeline.ServerChannelInitializer;
import dev.berth.server.tls.ServerTls;
import dev.berth.server.transport.NettyTransport;
import dev.berth.server.udp.UdpListener;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A berth server, from start to stop: {@link #start()} binds (or takes over, or is passed by
 * systemd) its listening sockets and serves them, {@link #drain()} is the graceful stop, {@link
 * #close()} ends what is left. Connections are served on the server's event loops, and so is the
 * HTTP endpoint (unless {@code --no-metrics}).
 *
 * <p>Longer than our usual 250 lines on purpose: it is the one place that owns the server's parts
 * and the order in which they start and stop; half of it is the accessors that {@code berth ctl}
 * and the tests read.
 */
public final class BerthServer implements AutoCloseable, ServerControl.Server {

  private static final Logger log = LoggerFactory.getLogger(BerthServer.class);

  private final ServerConfig config;
  private final SocketActivation activation;
  /** Each listener's counters, by name, in the listeners' order. */
  private final Map<String, ServerCounters> counters = new LinkedHashMap<>();
  /** Each listener's faults on purpose, by name. */
  private final Map<String, ListenerFaults> faults = new LinkedHashMap<>();
  private final ConnectionTracker tracker;
  private final Readiness readiness = new Readiness();
  private final CompletableFuture<String> stopRequest = new CompletableFuture<>();
  private NettyTransport transport;
  private EventLoopGroup group;
  private boolean reusePort;
  private Listeners listeners;
  private MetricsEndpoint metricsEndpoint;
  private Handover handover;
  /** The certificate and TLS contexts when any listener has TLS on, else {@code null}; set in start, read on SIGHUP. */
  private volatile ServerTls tls;
  /** Set once a successor serves our listening sockets: they must stay open for it. */
  private volatile boolean handedOver;

  /** A server that binds every listener's sockets (or takes them over). */
  public BerthServer(ServerConfig config) {
    this(config, SocketActivation.NONE);
  }

  /**
   * A server that serves the sockets systemd passed ({@code activation}, from {@link
   * SocketActivation#fromEnvironment}) with the listeners of their names, and binds the rest.
   */
  public BerthServer(ServerConfig config, SocketActivation activation) {
    this.config = config;
    this.activation = activation;
    this.tracker = new ConnectionTracker(config.maxConnections());
    for (ListenerConfig listener : config.listeners()) {
      ServerCounters listenerCounters = new ServerCounters();
      counters.put(listener.name(), listenerCounters);
      faults.put(listener.name(), new ListenerFaults(listener.name(), listener.faults(), listenerCounters));
    }
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
    Map<String, FileDescriptor> passed = activation.adoptable(config, transport);
    reusePort = transport.reusePort(config.reusePort());
    if (!tlsListeners().isEmpty()) {
      tls = ServerTls.create(config.tls()); // a file that does not load is a configuration error: before any socket
    }
    group = new MultiThreadIoEventLoopGroup(
        config.ioThreads(), new DefaultThreadFactory("berth-io"), transport.ioHandlerFactory());
    List<Listener> tcp = new ArrayList<>();
    List<UdpListener> udp = new ArrayList<>();
    for (ListenerConfig listener : config.listeners()) {
      ServerCounters listenerCounters = counters.get(listener.name());
      ListenerFaults listenerFaults = faults.get(listener.name());
      if (listener.protocol() == ListenerProtocol.UDP) {
        udp.add(new UdpListener(listener, config, transport, group, reusePort, listenerCounters, listenerFaults));
      } else {
        tcp.add(new Listener(listener, config, transport, group, reusePort,
            new ServerChannelInitializer(config, listener, tracker, listenerCounters, listenerFaults, tls)));
      }
    }
    listeners = new Listeners(tcp, udp);
    try {
      if (config.metrics()) {
        // Before the listeners: a taken metrics port fails start-up before any connection is accepted.
        metricsEndpoint = MetricsEndpoint.bind(config, transport, group, readiness);
      }
      handover = Handover.prepare(config, listeners::descriptors, this::handedOver, new ServerControl(this));
      Optional<List<FileDescriptor>> inherited = handover.inheritedSockets();
      if (activation.isActivated()) {
        listeners.adoptFromSystemdOrBind(passed);
      } else if (inherited.isPresent()) {
        listeners.bindOrAdopt(inherited.get());
      } else {
        listeners.bind();
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
      List<ListenerMeters> meters = new ArrayList<>();
      config.listeners().forEach(listener -> meters.add(new ListenerMeters(listener, counters.get(listener.name()))));
      PrometheusMetrics prometheus = PrometheusMetrics.forServer(config, transport.name(), meters, readiness, group);
      if (tls != null) {
        tls.meters(tlsListeners()).bindTo(prometheus.registry());
      }
      metricsEndpoint.serve(prometheus);
    }
    if (tls != null) {
      tls.watchFiles();
    }
    new StartupLog(config, listeners, transport, reusePort).log(metricsAddress());
  }

  /** The names of the listeners with TLS on. */
  private List<String> tlsListeners() {
    return config.listeners().stream().filter(ListenerConfig::tls).map(ListenerConfig::name).toList();
  }

  /** A successor serves our sockets now: stop the way a signal would, but leave them open. */
  private void handedOver() {
    handedOver = true;
    // At once, not when the drain starts: every connection accepted here from now on would only
    // be drained, while the successor could serve it.
    listeners.stop(true);
    stopRequest.complete("handed over to a successor");
  }

  /** {@code berth ctl drain}: the caller of {@link #stopRequested()} drains, as after SIGTERM. */
  @Override
  public void startDrain() {
    stopRequest.complete("berth ctl drain");
  }

  /**
   * Reads the TLS certificate and key files again (SIGHUP, {@code berth ctl reload-tls}): new
   * connections get the new pair, open ones keep theirs. A pair that does not load is logged and
   * counted, and the old one stays.
   *
   * @return false when the files did not load, or when there is no TLS (yet) to reload
   */
  @Override
  public boolean reloadTls() {
    ServerTls current = tls;
    if (current == null) {
      log.info("TLS reload: no TLS to reload (no listener has TLS on, or the server is still starting)");
      return false;
    }
    return current.reload();
  }

  /**
   * Completes when something other than a signal asks this server to stop: a successor took over
   * its listening sockets, or {@code berth ctl drain}. The caller then {@link #drain() drains}.
   */
  public CompletableFuture<String> stopRequested() {
    return stopRequest;
  }

  /**
   * The graceful stop (see {@link GracefulStop}): returns when every connection has closed or
   * {@code --drain-timeout} has passed; {@link #close()} then ends what is left.
   */
  public void drain() {
    if (listeners == null || listeners.socketCount() == 0) {
      return; // never started
    }
    handover.close(); // no successor takes over sockets that are about to close
    new GracefulStop(config, readiness, tracker, listeners).run(handedOver);
  }

  /** The address of the first listener (its sockets all share one port). */
  public InetSocketAddress boundAddress() {
    return listeners.boundAddress(config.listeners().get(0).name());
  }

  /** The address of the listener named {@code name}. */
  @Override
  public InetSocketAddress boundAddress(String listener) {
    return listeners.boundAddress(listener);
  }

  /** How many listening sockets this server holds: per listener, one per event loop with SO_REUSEPORT, else one. */
  public int listeningSocketCount() {
    return listeners == null ? 0 : listeners.socketCount();
  }

  /** What the first listener has counted: connections, messages, bytes, errors. */
  public ServerCounters counters() {
    return counters.values().iterator().next();
  }

  /** What the listener named {@code name} has counted. */
  public ServerCounters counters(String listener) {
    ServerCounters named = counters.get(listener);
    if (named == null) {
      throw new IllegalArgumentException("no listener named " + listener);
    }
    return named;
  }

  /** Each listener's faults on purpose, by name: what {@code berth ctl faults} reads and changes. */
  @Override
  public Map<String, ListenerFaults> faults() {
    return Collections.unmodifiableMap(faults);
  }

  /** The address of the HTTP endpoint, empty with {@code --no-metrics} or before start. */
  public Optional<InetSocketAddress> metricsAddress() {
    return Optional.ofNullable(metricsEndpoint).map(MetricsEndpoint::address);
  }

  /** The meters, empty with {@code --no-metrics} or before start. */
  public Optional<PrometheusMetrics> metrics() {
    return Optional.ofNullable(metricsEndpoint).flatMap(MetricsEndpoint::metrics);
  }

  @Override
  public Readiness.State readiness() {
    return readiness.state();
  }

  /** Connections open now. */
  @Override
  public int activeConnections() {
    return tracker.activeConnections();
  }

  @Override
  public long activeConnections(String listener) {
    return counters(listener).connectionsActive();
  }

  @Override
  public ServerConfig config() {
    return config;
  }

  /** Stops at once: closes the listening sockets and every connection, and stops the event loops. */
  @Override
  public void close() {
    if (listeners != null && listeners.isListening()) {
      log.info("berth stopping: instance={} closing {} connections", config.instanceId(), tracker.activeConnections());
    }
    readiness.markDraining();
    if (listeners != null) {
      listeners.stop(handedOver);
      if (handedOver) {
        listeners.closeHandedOverCopies();
      }
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
    if (tls != null) {
      tls.close(); // after the connections: each held its context until it closed
    }
  }
}
