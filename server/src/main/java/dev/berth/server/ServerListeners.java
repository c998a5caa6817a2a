package dev.berth.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannel;
import java.net.InetSocketAddress;
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
    return ListenerBacklog.queued(channels);
  }

  /** The address of the first socket (all share one port). */
  InetSocketAddress boundAddress() {
    return (InetSocketAddress) channels.get(0).localAddress();
  }

  int count() {
    return channels.size();
  }
}
