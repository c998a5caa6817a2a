package dev.berth.server.handover;

import dev.berth.config.Addresses;
import dev.berth.config.ServerConfig;
import io.netty.channel.unix.FileDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's part in socket handovers, in one place: taking over a predecessor's listening
 * sockets ({@code --takeover-from}) and offering its own to a successor ({@code --control-socket}),
 * on the control socket that also answers {@code berth ctl}.
 *
 * <p>The order is fixed by what can fail and what must survive:
 * <ol>
 *   <li>{@link #prepare}: before any socket is bound, either receive the predecessor's sockets, or
 *       bind our control socket at once, so that a path in use fails start-up before a single
 *       connection is accepted;
 *   <li>the server adopts the received sockets (or binds its own) and is ready;
 *   <li>{@link #serving}: tell the predecessor to drain, then bind our control socket at the path
 *       it has just given up.
 * </ol>
 */
public final class Handover implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Handover.class);

  /** How long a successor waits for the old server to hand over its sockets. */
  private static final Duration TAKEOVER_TIMEOUT = Duration.ofSeconds(10);

  private final ServerConfig config;
  private final Supplier<List<FileDescriptor>> sockets;
  private final Runnable onHandedOver;
  private final ControlRequests requests;
  private TakeoverSession takeover;
  private ControlSocketServer controlSocket;

  private Handover(ServerConfig config, Supplier<List<FileDescriptor>> sockets, Runnable onHandedOver,
      ControlRequests requests) {
    this.config = config;
    this.sockets = sockets;
    this.onHandedOver = onHandedOver;
    this.requests = requests;
  }

  /**
   * Takes over the predecessor's sockets, or offers the control socket now.
   *
   * @param sockets our listening sockets, read when a successor asks for them
   * @param onHandedOver runs once a successor serves them: this server should then drain
   * @param requests answers {@code berth ctl} on the control socket
   */
  public static Handover prepare(ServerConfig config, Supplier<List<FileDescriptor>> sockets,
      Runnable onHandedOver, ControlRequests requests) throws HandoverException {
    Handover handover = new Handover(config, sockets, onHandedOver, requests);
    if (config.takeoverFrom() != null) {
      handover.takeOver();
    } else if (config.controlSocket() != null) {
      handover.offerSockets();
    }
    return handover;
  }

  /** A predecessor that is gone or refuses is said in the log; the server then binds as usual. */
  private void takeOver() {
    try {
      takeover = TakeoverSession.open(config.takeoverFrom(), TAKEOVER_TIMEOUT);
    } catch (HandoverException e) {
      log.warn("takeover from {} failed: {}; binding {} instead", config.takeoverFrom(), e.getMessage(),
          Addresses.format(config.host(), config.port()));
    }
  }

  /** The predecessor's listening sockets, to adopt; empty when there is none to take over. */
  public Optional<List<FileDescriptor>> inheritedSockets() {
    return Optional.ofNullable(takeover).map(TakeoverSession::listeners);
  }

  /**
   * This server serves its sockets now: the predecessor, if any, is told to drain, and the
   * control socket is offered for the next upgrade.
   */
  public void serving() throws HandoverException {
    if (takeover != null) {
      try {
        takeover.confirm();
        log.info("took over {} listening sockets from {}", takeover.listeners().size(), config.takeoverFrom());
      } finally {
        takeover.close();
        takeover = null;
      }
    }
    if (config.controlSocket() != null && controlSocket == null) {
      offerSockets(); // after a takeover: the old server has just given up the path
    }
  }

  private void offerSockets() throws HandoverException {
    controlSocket = ControlSocketServer.bind(config.controlSocket(),
        config.controlSocket().equals(config.takeoverFrom()), sockets, onHandedOver, requests);
  }

  /** Stops offering the sockets (a drain, or a stop), and ends a takeover left half-way. */
  @Override
  public void close() {
    if (takeover != null) {
      takeover.close();
      takeover = null;
    }
    if (controlSocket != null) {
      controlSocket.close();
      controlSocket = null;
    }
  }
}
