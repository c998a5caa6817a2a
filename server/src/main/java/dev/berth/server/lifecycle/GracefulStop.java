package dev.berth.server.lifecycle;

import dev.berth.config.Durations;
import dev.berth.config.ServerConfig;
import dev.berth.protocol.FrameDecoder;
import dev.berth.server.connection.ConnectionTracker;
import dev.berth.server.connection.DrainRequest;
import dev.berth.server.listener.Listener;
import dev.berth.server.listener.Listeners;
import dev.berth.server.system.SystemSettings;
import dev.berth.server.udp.UdpListener;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graceful stop, in one place, and the wait for it:
 * <ol>
 *   <li>readiness turns 503, and every connection from now on (accepted ones too) will drain;
 *   <li>the listening sockets stop: left to a successor that took them over, closed at once where
 *       systemd holds a copy (socket activation) or the kernel moves their queues to other
 *       instances on the port ({@code tcp_migrate_req=1}), else closed once what was already
 *       queued is accepted;
 *   <li>every connection is asked to finish ({@link DrainRequest}: answer what was received,
 *       half-close, read and discard until the peer closes; each connection does this itself,
 *       see {@code ConnectionLifecycleHandler}), idle ones first, spread over a short interval so
 *       that thousands of clients do not reconnect to the other instances in the same millisecond;
 *   <li>the wait, until every connection has closed or {@code --drain-timeout} has passed.
 * </ol>
 */
public final class GracefulStop {

  private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);

  /** The longest spread; a drain timeout shorter than four times this shortens it. */
  static final Duration MAX_SPREAD = Duration.ofSeconds(1);

  private final ServerConfig config;
  private final Readiness readiness;
  private final ConnectionTracker tracker;
  private final Listeners listeners;

  public GracefulStop(ServerConfig config, Readiness readiness, ConnectionTracker tracker, Listeners listeners) {
    this.config = config;
    this.readiness = readiness;
    this.tracker = tracker;
    this.listeners = listeners;
  }

  /**
   * Drains; returns when every connection has closed or the drain timeout has passed.
   *
   * @param handedOver whether a successor serves the listening sockets now (they stay open)
   */
  public void run(boolean handedOver) {
    readiness.markDraining();
    tracker.startDraining();
    stopListening(handedOver);
    askToFinish(tracker.openConnections());
    awaitConnectionsClosed();
  }

  private void stopListening(boolean handedOver) {
    int queuedAtStop = 0;
    int leftToSystemd = 0;
    CompletableFuture<Integer> queuedAtClose = CompletableFuture.completedFuture(0);
    for (Listener listener : listeners.tcp()) {
      ListenerStop stop = ListenerStop.of(handedOver, listener.socketActivated(),
          () -> SystemSettings.readTcpMigrateReq() == 1 && listener.othersOnTheirAddress() > 0);
      if (stop != ListenerStop.LEFT_TO_SUCCESSOR) {
        queuedAtStop = add(queuedAtStop, listener.queued());
      }
      switch (stop) {
        case LEFT_TO_SUCCESSOR -> listener.stop(true);
        case LEFT_TO_SYSTEMD -> {
          listener.stop(false);
          leftToSystemd++;
        }
        case CLOSED_AT_ONCE -> listener.stop(false);
        case CLOSED_AFTER_ACCEPTING_QUEUED -> queuedAtClose = queuedAtClose.thenCombine(
            listener.closeAfterAcceptingQueued(config.drainGrace()), GracefulStop::add);
      }
    }
    // UDP sockets stop reading and answer what they have read, whatever became of the TCP ones.
    CompletableFuture<?> udpDrained = CompletableFuture.allOf(
        listeners.udp().stream().map(UdpListener::drain).toArray(CompletableFuture[]::new));
    udpDrained.join();
    log.atInfo()
        .addKeyValue("instance", config.instanceId())
        .log("draining: instance={} connections={} queued-at-stop={} queued-at-close={} listeners={}",
            config.instanceId(), tracker.activeConnections(), count(queuedAtStop), count(queuedAtClose.join()),
            handedOver ? "handed over" : closed(leftToSystemd));
  }

  /** How the listeners stopped, when not handed over. */
  private String closed(int leftToSystemd) {
    if (leftToSystemd == 0) {
      return "closed";
    }
    return leftToSystemd == listeners.tcp().size() ? "left to systemd" : "closed (" + leftToSystemd + " left to systemd)";
  }

  /** A sum of counts where -1 means unknown. */
  private static int add(int a, int b) {
    return a < 0 || b < 0 ? -1 : a + b;
  }

  private void askToFinish(Iterable<Channel> connections) {
    List<Channel> order = new ArrayList<>();
    connections.forEach(order::add);
    order.sort(Comparator.comparing(GracefulStop::isBusy)); // false (idle) sorts first
    long spreadNanos = Math.min(MAX_SPREAD.toNanos(), config.drainTimeout().toNanos() / 4);
    long stepNanos = order.size() > 1 ? spreadNanos / order.size() : 0;
    for (int i = 0; i < order.size(); i++) {
      Channel channel = order.get(i);
      channel.eventLoop().schedule(
          () -> channel.pipeline().fireUserEventTriggered(DrainRequest.INSTANCE), i * stepNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** A connection with replies still queued, or part of a message received, is in mid-exchange. */
  private static boolean isBusy(Channel channel) {
    if (channel.bytesBeforeUnwritable() < channel.config().getWriteBufferHighWaterMark()) {
      return true;
    }
    FrameDecoder decoder = channel.pipeline().get(FrameDecoder.class);
    return decoder != null && decoder.hasPartialMessage();
  }

  private void awaitConnectionsClosed() {
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
}
