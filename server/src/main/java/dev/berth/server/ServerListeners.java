package dev.berth.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The data port's listening sockets: bound here or adopted from a predecessor, and in the end
 * closed, or left open for a successor that took them over.
 */
final class ServerListeners {

  private final List<Channel> channels = new ArrayList<>();
  private boolean listening;

  /**
   * Binds {@code count} sockets on {@code host:port} (several only with SO_REUSEPORT, one per
   * event loop, so the kernel spreads accepts over the loops).
   */
  void bind(ServerBootstrap bootstrap, String host, int port, int count, boolean reusePort)
      throws ServerStartException {
    for (int i = 0; i < count; i++) {
      InetSocketAddress address = Binding.resolve("--host", host, port);
      channels.add(Binding.bind(bootstrap, address, e -> BindFailure.describe(address, e, reusePort)));
      port = boundAddress().getPort(); // with port 0, the rest join the first
    }
    listening = true;
  }

  /** Serves sockets that are already bound and listening: they are registered, not bound. */
  void adopt(Supplier<ServerBootstrap> bootstrap, List<FileDescriptor> sockets) throws InterruptedException {
    for (FileDescriptor socket : sockets) {
      ChannelFactory<ServerChannel> adopt = () -> new EpollServerSocketChannel(socket.intValue());
      channels.add(bootstrap.get().channelFactory(adopt).register().sync().channel());
    }
    listening = true;
  }

  /**
   * Stops accepting. Sockets handed to a successor ({@code leaveOpen}) are only taken off our
   * event loops, never closed here: the successor serves them, and their queues must survive us.
   */
  synchronized void stop(boolean leaveOpen) {
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
   * @return the connections still queued when the sockets closed (reset, or with
   *     {@code tcp_migrate_req=1} moved to another instance on the port), or -1 where unknown
   */
  int closeAfterAcceptingQueued(Duration limit) {
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

  synchronized boolean isListening() {
    return listening;
  }

  /** The sockets as file descriptors, to hand to a successor. */
  List<FileDescriptor> descriptors() {
    List<FileDescriptor> descriptors = new ArrayList<>();
    for (Channel channel : channels) {
      descriptors.add(((UnixChannel) channel).fd());
    }
    return descriptors;
  }

  /** Connections waiting in the accept queues, or -1 where that cannot be read. */
  int queued() {
    return ListeningSockets.queued(channels);
  }

  /** Other sockets listening on the same address and port (SO_REUSEPORT), or -1 where that cannot be read. */
  int othersOnTheirAddress() {
    return ListeningSockets.othersOnTheirAddress(channels);
  }

  /** The address of the first socket (all share one port). */
  InetSocketAddress boundAddress() {
    return (InetSocketAddress) channels.get(0).localAddress();
  }

  int count() {
    return channels.size();
  }
}
