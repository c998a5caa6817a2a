package dev.berth.server.connection;

import dev.berth.server.counters.RejectReason;
import dev.berth.server.counters.ServerCounters;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits connections up to {@code --max-connections}, which is for the whole server, and keeps
 * the open ones in a group, so the server can count them and close them all when it stops. Each
 * is counted in the counters of the listener that accepted it.
 */
public final class ConnectionTracker {

  private final int maxConnections;
  private final AtomicInteger active = new AtomicInteger();
  private volatile boolean draining;
  private final ChannelGroup open = new DefaultChannelGroup("berth-connections", GlobalEventExecutor.INSTANCE);

  public ConnectionTracker(int maxConnections) {
    this.maxConnections = maxConnections;
  }

  /**
   * Admits {@code channel} if there is room, and forgets it when it closes; returns {@code false}
   * (and counts the rejection) when the limit is reached, in which case the caller closes it.
   *
   * @param counters those of the listener that accepted it
   */
  public boolean tryAdmit(Channel channel, ServerCounters counters) {
    if (active.incrementAndGet() > maxConnections) {
      active.decrementAndGet();
      counters.connectionRejected(RejectReason.MAX_CONNECTIONS);
      return false;
    }
    counters.connectionAccepted();
    open.add(channel);
    channel.closeFuture().addListener(closed -> {
      active.decrementAndGet();
      counters.connectionEnded();
    });
    return true;
  }

  /** From now on, every connection (including ones accepted from here on) is asked to drain. */
  public void startDraining() {
    draining = true;
  }

  public boolean isDraining() {
    return draining;
  }

  /** Connections open now. */
  public int activeConnections() {
    return active.get();
  }

  /** The open connections. */
  public ChannelGroup openConnections() {
    return open;
  }
}
