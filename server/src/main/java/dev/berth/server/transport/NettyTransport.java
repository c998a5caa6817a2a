package dev.berth.server.transport;

import dev.berth.config.Transport;
import dev.berth.server.ServerStartException;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.function.Supplier;

/**
 * A Netty transport that is available on this machine: its event-loop handler, its server channel
 * and the option that turns on SO_REUSEPORT (or {@code null} where it has none).
 */
public final class NettyTransport {

  private final Transport kind;
  private final Supplier<IoHandlerFactory> ioHandlerFactory;
  private final Class<? extends ServerChannel> serverChannelClass;
  private final ChannelOption<Boolean> reusePortOption;
  private final ChannelOption<Integer> deferAcceptOption;

  private NettyTransport(Transport kind, Supplier<IoHandlerFactory> ioHandlerFactory,
      Class<? extends ServerChannel> serverChannelClass, ChannelOption<Boolean> reusePortOption,
      ChannelOption<Integer> deferAcceptOption) {
    this.kind = kind;
    this.ioHandlerFactory = ioHandlerFactory;
    this.serverChannelClass = serverChannelClass;
    this.reusePortOption = reusePortOption;
    this.deferAcceptOption = deferAcceptOption;
  }

  /**
   * The transport for {@code requested}: {@code auto} picks epoll on Linux, kqueue on macOS and
   * NIO elsewhere; a named transport that this machine cannot run is a usage error saying why.
   *
   * <p>Not io_uring, even where it is available: it measured the same as epoll in every
   * benchmark scenario (docs/benchmarks.md), {@code --takeover-from} needs epoll to adopt
   * listening sockets, and container runtimes often forbid io_uring. It stays one flag away.
   */
  public static NettyTransport select(Transport requested) throws ServerStartException {
    switch (requested) {
      case AUTO:
        if (Epoll.isAvailable()) {
          return epoll();
        }
        if (KQueue.isAvailable()) {
          return kqueue();
        }
        return nio();
      case EPOLL:
        requireAvailable("epoll", Epoll.isAvailable(), Epoll.unavailabilityCause());
        return epoll();
      case IO_URING:
        requireAvailable("io_uring", IoUring.isAvailable(), IoUring.unavailabilityCause());
        return new NettyTransport(Transport.IO_URING, IoUringIoHandler::newFactory,
            IoUringServerSocketChannel.class, UnixChannelOption.SO_REUSEPORT, IoUringChannelOption.TCP_DEFER_ACCEPT);
      case KQUEUE:
        requireAvailable("kqueue", KQueue.isAvailable(), KQueue.unavailabilityCause());
        return kqueue();
      case NIO:
        return nio();
      default:
        throw new IllegalArgumentException("unknown transport " + requested);
    }
  }

  /** Whether {@code requested} can run here, for tests that run on every available transport. */
  public static boolean isAvailable(Transport requested) {
    switch (requested) {
      case EPOLL: return Epoll.isAvailable();
      case IO_URING: return IoUring.isAvailable();
      case KQUEUE: return KQueue.isAvailable();
      default: return true;
    }
  }

  private static NettyTransport epoll() {
    return new NettyTransport(Transport.EPOLL, EpollIoHandler::newFactory,
        EpollServerSocketChannel.class, UnixChannelOption.SO_REUSEPORT, EpollChannelOption.TCP_DEFER_ACCEPT);
  }

  private static NettyTransport kqueue() {
    return new NettyTransport(Transport.KQUEUE, KQueueIoHandler::newFactory,
        KQueueServerSocketChannel.class, UnixChannelOption.SO_REUSEPORT, null);
  }

  private static NettyTransport nio() {
    return new NettyTransport(Transport.NIO, NioIoHandler::newFactory,
        NioServerSocketChannel.class, nioSupportsReusePort()
            ? NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT) : null, null);
  }

  private static boolean nioSupportsReusePort() {
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
    } catch (IOException e) {
      return false;
    }
  }

  private static void requireAvailable(String name, boolean available, Throwable cause)
      throws ServerStartException {
    if (!available) {
      String why = cause == null ? "not supported on this platform" : firstLine(cause);
      throw ServerStartException.usage("--transport " + name + " is not available here: " + why);
    }
  }

  private static String firstLine(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    return message.lines().findFirst().orElse(message);
  }

  public Transport kind() {
    return kind;
  }

  /** The name used in logs and metrics, e.g. {@code epoll}. */
  public String name() {
    return kind.optionName();
  }

  public IoHandlerFactory ioHandlerFactory() {
    return ioHandlerFactory.get();
  }

  public Class<? extends ServerChannel> serverChannelClass() {
    return serverChannelClass;
  }

  public boolean supportsReusePort() {
    return reusePortOption != null;
  }

  /** The TCP_DEFER_ACCEPT option (seconds) of this transport, or {@code null} where it has none. */
  public ChannelOption<Integer> deferAcceptOption() {
    return deferAcceptOption;
  }

  /** The SO_REUSEPORT option of this transport; only call when {@link #supportsReusePort()}. */
  public ChannelOption<Boolean> reusePortOption() {
    return reusePortOption;
  }
}
