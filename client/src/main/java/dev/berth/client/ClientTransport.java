package dev.berth.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The I/O transport for outgoing connections: native epoll on Linux and kqueue on macOS when
 * their libraries load, NIO everywhere else. Native transports save a copy and a system call
 * per read, which matters for the bench.
 */
public enum ClientTransport {
  EPOLL(EpollIoHandler::newFactory, EpollSocketChannel.class),
  KQUEUE(KQueueIoHandler::newFactory, KQueueSocketChannel.class),
  NIO(NioIoHandler::newFactory, NioSocketChannel.class);

  private final Supplier<IoHandlerFactory> handlerFactory;
  private final Class<? extends SocketChannel> channelClass;

  ClientTransport(Supplier<IoHandlerFactory> handlerFactory, Class<? extends SocketChannel> channelClass) {
    this.handlerFactory = handlerFactory;
    this.channelClass = channelClass;
  }

  /** The best transport this machine offers. */
  public static ClientTransport best() {
    if (Epoll.isAvailable()) {
      return EPOLL;
    }
    if (KQueue.isAvailable()) {
      return KQUEUE;
    }
    return NIO;
  }

  /** A new event-loop group of {@code threads} threads for this transport; the caller shuts it down. */
  public EventLoopGroup newGroup(int threads) {
    return new MultiThreadIoEventLoopGroup(threads, handlerFactory.get());
  }

  /**
   * A bootstrap for connections on {@code group} (made by {@link #newGroup}) with the options every
   * berth client connection has: the connect timeout, TCP_NODELAY (messages go out as written), and
   * half-closure, so that a server FIN ends only the server's side and this side can still write.
   */
  public Bootstrap bootstrap(EventLoopGroup group, Duration connectTimeout) {
    return new Bootstrap()
        .group(group)
        .channel(channelClass)
        // Netty takes an int of milliseconds; longer timeouts are as good as none.
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.ALLOW_HALF_CLOSURE, true);
  }

  /** The socket channel class that goes with {@link #newGroup}. */
  public Class<? extends SocketChannel> channelClass() {
    return channelClass;
  }

  /** The name shown in reports, e.g. {@code epoll}. */
  public String displayName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
