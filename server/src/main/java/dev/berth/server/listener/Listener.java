package dev.berth.server.listener;

import dev.berth.config.ListenerConfig;
import dev.berth.config.ServerConfig;
import dev.berth.server.transport.BindFailure;
import dev.berth.server.transport.Binding;
import dev.berth.server.transport.NettyTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.concurrent.Promise;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The listening sockets of one listener: bound here, adopted from a predecessor or passed by
 * systemd (socket activation), then stopped by a drain, and in the end closed, or left open for a
 * successor that took them over.
 *
 * <p>With SO_REUSEPORT there is one socket per event loop, so the kernel spreads new connections
 * over the loops (and over other processes on the port); without it, one socket; passed by
 * systemd, the one socket it passed. Every accepted connection gets the same child options and
 * the pipeline of {@code connections}.
 */
public final class Listener {

  /**
   * Above 64 KiB of unwritten replies a connection stops reading until the peer catches up below
   * 32 KiB: enough to keep a fast peer's pipe full, small enough that 10,000 slow peers cost
   * little memory.
   */
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

  private final ListenerConfig listener;
  private final ServerConfig server;
  private final NettyTransport transport;
  private final EventLoopGroup group;
  private final boolean reusePort;
  private final ChannelHandler connections;
  private final List<Channel> channels = new ArrayList<>();
  private boolean listening;
  /** Whether its socket is one systemd passed, and holds a copy of. */
  private boolean socketActivated;

  /**
   * @param server the options every listener shares: backlog, event loops, TCP_DEFER_ACCEPT
   * @param connections the initializer of every accepted connection's pipeline
   */
  public Listener(ListenerConfig listener, ServerConfig server, NettyTransport transport, EventLoopGroup group,
      boolean reusePort, ChannelHandler connections) {
    this.listener = listener;
    this.server = server;
    this.transport = transport;
    this.group = group;
    this.reusePort = reusePort;
    this.connections = connections;
  }

  /** Binds the port: one socket per event loop with SO_REUSEPORT, else one. */
  public void bind() throws BindException {
    int count = reusePort ? server.ioThreads() : 1;
    int port = listener.port();
    for (int i = 0; i < count; i++) {
      InetSocketAddress address = Binding.resolve("--host", listener.host(), port);
      channels.add(Binding.bind(bootstrap().channel(transport.serverChannelClass()), address,
          e -> BindFailure.describe(address, e, reusePort)));
      port = boundAddress().getPort(); // with port 0, the rest join the first
    }
    listening = true;
  }

  /** Serves sockets that are already bound and listening (a predecessor's): registered, not bound. */
  public void adopt(List<FileDescriptor> sockets) throws InterruptedException {
    for (FileDescriptor socket : sockets) {
      channels.add(bootstrap().channelFactory(() -> transport.adopt(socket.intValue())).register().sync().channel());
    }
    listening = true;
  }

  /**
   * Serves the listening socket systemd passed (socket activation), as the socket unit made it:
   * its backlog, SO_REUSEPORT and TCP_DEFER_ACCEPT are the unit's ({@code Backlog=}, {@code
   * ReusePort=}, {@code DeferAcceptSec=}), never set again here, as they would change systemd's
   * copy too: it is the same socket.
   */
  public void adoptFromSystemd(FileDescriptor socket) throws InterruptedException {
    channels.add(connectionsBootstrap().channelFactory(() -> transport.adopt(socket.intValue())).register().sync()
        .channel());
    listening = true;
    socketActivated = true;
  }

  /** The bootstrap of a socket bound here or handed over: the listening options, and those of every connection. */
  private ServerBootstrap bootstrap() {
    ServerBootstrap bootstrap = connectionsBootstrap().option(ChannelOption.SO_BACKLOG, server.backlog());
    if (reusePort) {
      bootstrap.option(transport.reusePortOption(), true);
    }
    if (!server.deferAccept().isZero()) {
      bootstrap.option(transport.deferAcceptOption(), (int) server.deferAccept().toSeconds());
    }
    return bootstrap;
  }

  /** The options and pipeline of every accepted connection. */
  private ServerBootstrap connectionsBootstrap() {
    return new ServerBootstrap()
        .group(group)
        .childOption(ChannelOption.TCP_NODELAY, true)
        // Lets a peer's FIN arrive as an event instead of a close, so the replies still go out.
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(connections);
  }

  /**
   * Stops accepting at once. Sockets handed to a successor ({@code leaveOpen}) are only taken off
   * our event loops, never closed here: the successor serves them, and their queues must survive
   * us. Closed sockets reset what waits in their queues (or, with {@code tcp_migrate_req=1}, the
   * kernel moves it to another socket on the port).
   */
  public synchronized void stop(boolean leaveOpen) {
    if (!listening) {
      return;
    }
    listening = false;
    for (Channel channel : channels) {
      if (leaveOpen) {
        channel.deregister().syncUninterruptibly();
      } else {
        channel.close().syncUninterruptibly();
      }
    }
  }

  /**
   * Stops accepting the way a graceful stop does: each socket goes on accepting until the
   * connections the kernel had already queued on it are taken (at most for {@code limit}), and
   * closes then (see {@link AcceptQueueCloser}). Those connections are served instead of reset, so
   * only clients that arrive after the stop are refused. Where the queue cannot be read (not
   * Linux), the sockets close at once.
   *
   * @return completes once every socket is closed, with the connections still queued then, or -1
   *     where unknown
   */
  public CompletableFuture<Integer> closeAfterAcceptingQueued(Duration limit) {
    synchronized (this) {
      if (!listening) {
        return CompletableFuture.completedFuture(0);
      }
      listening = false;
    }
    CompletableFuture<Integer> queued = CompletableFuture.completedFuture(0);
    for (Channel channel : channels) {
      Promise<Integer> queuedAtClose = channel.eventLoop().newPromise();
      CompletableFuture<Integer> closed = new CompletableFuture<>();
      queuedAtClose.addListener(done -> closed.complete(queuedAtClose.getNow()));
      channel.eventLoop().execute(
          () -> AcceptQueueCloser.closeWhenQueueIsEmpty(channel, limit.toNanos(), queuedAtClose));
      queued = queued.thenCombine(closed, (sum, count) -> sum < 0 || count < 0 ? -1 : sum + count);
    }
    return queued;
  }

  /**
   * Whether a listening socket bound to {@code local} is this listener's: the same address and
   * port; on port 0, any port ({@link Listeners} gives it the sockets of one port, those no other
   * listener claims). A wildcard address claims only a wildcard, but either one ({@code 0.0.0.0},
   * {@code ::}): Netty's native transports bind {@code 0.0.0.0} as a dual-stack socket on {@code
   * ::}, so that is what the sockets of a listener on the default host read back (and a socket
   * not claimed costs connections: see {@link Listeners#bindOrAdopt}).
   */
  boolean claims(InetSocketAddress local, boolean anyPort) {
    if (local == null || (listener.port() == 0 ? !anyPort : local.getPort() != listener.port())) {
      return false;
    }
    InetSocketAddress own = new InetSocketAddress(listener.host(), listener.port());
    if (own.isUnresolved()) {
      return false;
    }
    InetAddress ours = own.getAddress();
    InetAddress theirs = local.getAddress();
    return ours.equals(theirs) || (ours.isAnyLocalAddress() && theirs.isAnyLocalAddress());
  }

  public ListenerConfig config() {
    return listener;
  }

  public String name() {
    return listener.name();
  }

  public synchronized boolean isListening() {
    return listening;
  }

  /** The sockets as file descriptors, to hand to a successor. */
  public List<FileDescriptor> descriptors() {
    List<FileDescriptor> descriptors = new ArrayList<>();
    for (Channel channel : channels) {
      descriptors.add(((UnixChannel) channel).fd());
    }
    return descriptors;
  }

  /** Connections waiting in the accept queues, or -1 where that cannot be read. */
  public int queued() {
    return ListeningSockets.queued(channels);
  }

  /** Other sockets listening on the same address and port (SO_REUSEPORT), or -1 where that cannot be read. */
  public int othersOnTheirAddress() {
    return ListeningSockets.othersOnTheirAddress(channels);
  }

  /** The address of the first socket (all share one port). */
  public InetSocketAddress boundAddress() {
    return (InetSocketAddress) channels.get(0).localAddress();
  }

  /** How many listening sockets this listener holds. */
  public int socketCount() {
    return channels.size();
  }

  /**
   * Whether it serves a socket systemd passed: systemd holds a copy of that socket, so closing it
   * here leaves it open, with what is queued on it, for the next process systemd starts.
   */
  public boolean socketActivated() {
    return socketActivated;
  }

  /** Whether it uses SO_REUSEPORT. */
  public boolean reusePort() {
    return reusePort;
  }
}
