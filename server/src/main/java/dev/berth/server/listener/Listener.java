package dev.berth.server.listener;

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
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The listening sockets of one port: bound here or adopted from a predecessor, then stopped by a
 * drain, and in the end closed, or left open for a successor that took them over.
 *
 * <p>With SO_REUSEPORT there is one socket per event loop, so the kernel spreads new connections
 * over the loops (and over other processes on the port); without it, one socket. Every accepted
 * connection gets the same child options and the pipeline of {@code connections}.
 */
public final class Listener {

  /**
   * Above 64 KiB of unwritten replies a connection stops reading until the peer catches up below
   * 32 KiB: enough to keep a fast peer's pipe full, small enough that 10,000 slow peers cost
   * little memory.
   */
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

  private final NettyTransport transport;
  private final EventLoopGroup group;
  private final ServerConfig config;
  private final boolean reusePort;
  private final ChannelHandler connections;
  private final List<Channel> channels = new ArrayList<>();
  private boolean listening;

  /** @param connections the initializer of every accepted connection's pipeline */
  public Listener(NettyTransport transport, EventLoopGroup group, ServerConfig config, boolean reusePort,
      ChannelHandler connections) {
    this.transport = transport;
    this.group = group;
    this.config = config;
    this.reusePort = reusePort;
    this.connections = connections;
  }

  /** Binds the port: one socket per event loop with SO_REUSEPORT, else one. */
  public void bind() throws BindException {
    int count = reusePort ? config.ioThreads() : 1;
    int port = config.port();
    for (int i = 0; i < count; i++) {
      InetSocketAddress address = Binding.resolve("--host", config.host(), port);
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

  private ServerBootstrap bootstrap() {
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(group)
        .option(ChannelOption.SO_BACKLOG, config.backlog())
        .childOption(ChannelOption.TCP_NODELAY, true)
        // Lets a peer's FIN arrive as an event instead of a close, so the replies still go out.
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(connections);
    if (reusePort) {
      bootstrap.option(transport.reusePortOption(), true);
    }
    if (!config.deferAccept().isZero()) {
      bootstrap.option(transport.deferAcceptOption(), (int) config.deferAccept().toSeconds());
    }
    return bootstrap;
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
   * @return the connections still queued when the sockets closed, or -1 where unknown
   */
  public int closeAfterAcceptingQueued(Duration limit) {
    synchronized (this) {
      if (!listening) {
        return 0;
      }
      listening = false;
    }
    List<Future<Integer>> closed = new ArrayList<>();
    for (Channel channel : channels) {
      Promise<Integer> queuedAtClose = channel.eventLoop().newPromise();
      channel.eventLoop().execute(
          () -> AcceptQueueCloser.closeWhenQueueIsEmpty(channel, limit.toNanos(), queuedAtClose));
      closed.add(queuedAtClose);
    }
    int queued = 0;
    for (Future<Integer> left : closed) {
      int count = left.syncUninterruptibly().getNow();
      queued = queued < 0 || count < 0 ? -1 : queued + count;
    }
    return queued;
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

  /** Whether it uses SO_REUSEPORT. */
  public boolean reusePort() {
    return reusePort;
  }
}
