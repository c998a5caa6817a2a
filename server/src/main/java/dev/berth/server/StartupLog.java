package dev.berth.server;

import dev.berth.config.Addresses;
import dev.berth.config.ListenerConfig;
import dev.berth.config.ServerConfig;
import dev.berth.server.listener.Listeners;
import dev.berth.server.system.BerthVersion;
import dev.berth.server.system.StartupNotes;
import dev.berth.server.system.SystemSettings;
import dev.berth.server.transport.NettyTransport;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server says once it accepts connections: a line per listener when there are several, the
 * ready line, the sockets systemd passed, then the notes on how it shares its ports. Only after a
 * successful start, so that a failed one prints nothing but its error.
 */
final class StartupLog {

  // The server's own logger: these lines are the server's, and scripts know them by its name.
  private static final Logger log = LoggerFactory.getLogger(BerthServer.class);

  private final ServerConfig config;
  private final Listeners listeners;
  private final NettyTransport transport;
  private final boolean reusePort;

  StartupLog(ServerConfig config, Listeners listeners, NettyTransport transport, boolean reusePort) {
    this.config = config;
    this.listeners = listeners;
    this.transport = transport;
    this.reusePort = reusePort;
  }

  /** Logs every start-up line; {@code metrics} is the HTTP endpoint's address, empty when off. */
  void log(Optional<InetSocketAddress> metrics) {
    logListeners();
    logReady(metrics);
    listeners.logSocketActivation();
    logNotes();
  }

  /** With several listeners, a line for each before the ready line. */
  private void logListeners() {
    if (config.listeners().size() < 2) {
      return;
    }
    for (ListenerConfig settings : config.listeners()) {
      log.info("listener {}: protocol={} address={} framing={} mode={} tls={} proxy-protocol={}", settings.name(),
          settings.protocol().optionName(),
          Addresses.format(settings.host(), listeners.boundAddress(settings.name()).getPort()),
          settings.framingName(), settings.mode().optionName(), settings.tls() ? "on" : "off",
          settings.proxyProtocol().optionName());
    }
  }

  /** The ready line: what the first listener serves and how; with several, how many there are. */
  private void logReady(Optional<InetSocketAddress> metrics) {
    ListenerConfig first = config.listeners().get(0);
    String address = Addresses.format(first.host(), listeners.boundAddress(first.name()).getPort());
    String metricsAddress = metrics.map(bound -> Addresses.format(config.metricsHost(), bound.getPort())).orElse("off");
    String several = config.listeners().size() > 1 ? " listeners=" + config.listeners().size() : "";
    log.atInfo()
        .addKeyValue("instance", config.instanceId())
        .addKeyValue("address", address)
        .addKeyValue("metrics", metricsAddress)
        .log("berth {} ready: instance={} address={} framing={} mode={} transport={} reuse-port={} io-threads={} "
            + "metrics={}{}", BerthVersion.get(), config.instanceId(), address, first.framingName(),
            first.mode().optionName(), transport.name(), reusePort ? "on" : "off", config.ioThreads(),
            metricsAddress, several);
  }

  /** How the server shares its ports and what the host's settings mean for an upgrade. */
  private void logNotes() {
    Map<ListenerConfig, StartupNotes.ListenerSockets> sockets = new LinkedHashMap<>();
    listeners.tcp().forEach(listener -> sockets.put(listener.config(),
        new StartupNotes.ListenerSockets(listener.othersOnTheirAddress(), listener.socketActivated())));
    for (StartupNotes.Note note : StartupNotes.check(config, transport.name(), transport.supportsReusePort(),
        reusePort, SystemSettings.read(), sockets)) {
      if (note.warning()) {
        log.warn("{}", note.text());
      } else {
        log.info("{}", note.text());
      }
    }
  }
}
