package dev.berth.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueDatagramChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The I/O transport for outgoing connections and UDP sockets: native epoll on Linux and kqueue on macOS when
 * their libraries load, NIO everywhere else. Native transports save a copy and a system call
 * per read, which matters for the bench.
 */
public enum ClientTransport {
  EPOLL(EpollIoHandler::newFactory, EpollSocketChannel.class, EpollDatagramChannel.class),
  KQUEUE(KQueueIoHandler::newFactory, KQueueSocketChannel.class, KQueueDatagramChannel.class),
  NIO(NioIoHandler::newFactory, NioSocketChannel.class, NioDatagramChannel.class);

  /** A UDP socket's buffers, large enough for many datagrams in flight; the kernel may cap them. */
  private static final int DATAGRAM_BUFFER = 4 << 20;

  private final Supplier<IoHandlerFactory> handlerFactory;
  private final Class<? extends SocketChannel> channelClass;
  private final Class<? extends DatagramChannel> datagramChannelClass;

  ClientTransport(Supplier<IoHandlerFactory> handlerFactory, Class<? extends SocketChannel> channelClass,
      Class<? extends DatagramChannel> datagramChannelClass) {
    this.handlerFactory = handlerFactory;
    this.channelClass = channelClass;
    this.datagramChannelClass = datagramChannelClass;
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

  /**
   * A bootstrap for UDP sockets on {@code group}, each connected to one server: it sends to that
   * server only, receives only from it, and hears of an ICMP port unreachable. Each read takes one
   * datagram of up to {@code largestDatagram} bytes; a longer one arrives cut to that length.
   */
  public Bootstrap datagramBootstrap(EventLoopGroup group, int largestDatagram) {
    return new Bootstrap()
        .group(group)
        .channel(datagramChannelClass)
        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(largestDatagram))
        .option(ChannelOption.SO_RCVBUF, DATAGRAM_BUFFER)
        .option(ChannelOption.SO_SNDBUF, DATAGRAM_BUFFER);
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
