package dev.berth.server.transport;

import dev.berth.config.ConfigException;
import dev.berth.config.ServerConfig;
import dev.berth.config.Transport;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.unix.UnixChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueDatagramChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * A Netty transport that is available on this machine, and what it can do: its event-loop
 * handler and server channel, SO_REUSEPORT and TCP_DEFER_ACCEPT (or not), and whether its
 * listening sockets can be handed to a successor or adopted from a predecessor. Every "does this
 * transport support X" question is answered here, nowhere else.
 */
public final class NettyTransport {

  private final Transport kind;
  private final Supplier<IoHandlerFactory> ioHandlerFactory;
  private final Class<? extends ServerChannel> serverChannelClass;
  private final Class<? extends DatagramChannel> datagramChannelClass;
  private final ChannelOption<Boolean> reusePortOption;
  private final ChannelOption<Integer> deferAcceptOption;
  /** Makes a server channel of a listening socket's descriptor, or {@code null} where it cannot. */
  private final IntFunction<ServerChannel> adopter;

  private NettyTransport(Transport kind, Supplier<IoHandlerFactory> ioHandlerFactory,
      Class<? extends ServerChannel> serverChannelClass, Class<? extends DatagramChannel> datagramChannelClass,
      ChannelOption<Boolean> reusePortOption, ChannelOption<Integer> deferAcceptOption,
      IntFunction<ServerChannel> adopter) {
    this.kind = kind;
    this.ioHandlerFactory = ioHandlerFactory;
    this.serverChannelClass = serverChannelClass;
    this.datagramChannelClass = datagramChannelClass;
    this.reusePortOption = reusePortOption;
    this.deferAcceptOption = deferAcceptOption;
    this.adopter = adopter;
  }

  /**
   * The transport for {@code requested}: {@code auto} picks epoll on Linux, kqueue on macOS and
   * NIO elsewhere; a named transport that this machine cannot run is a configuration error
   * saying why.
   *
   * <p>Not io_uring, even where it is available: it measured the same as epoll in every
   * benchmark scenario (docs/benchmarks.md), {@code --takeover-from} and socket activation need
   * epoll to adopt listening sockets, and container runtimes often forbid io_uring. It stays one flag away.
   */
  public static NettyTransport select(Transport requested) {
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
            IoUringServerSocketChannel.class, IoUringDatagramChannel.class, UnixChannelOption.SO_REUSEPORT,
            IoUringChannelOption.TCP_DEFER_ACCEPT, null);
      case KQUEUE:
        requireAvailable("kqueue", KQueue.isAvailable(), KQueue.unavailabilityCause());
        return kqueue();
      case NIO:
        return nio();
      default:
        throw new IllegalArgumentException("unknown transport " + requested);
    }
  }

  /**
   * Whether to use SO_REUSEPORT: where this transport has it, unless {@code requested} (from
   * {@code --reuse-port}, {@code null} when not given) says otherwise.
   */
  public boolean reusePort(Boolean requested) {
    if (requested == null) {
      return supportsReusePort();
    }
    if (requested && !supportsReusePort()) {
      throw new ConfigException("--reuse-port: SO_REUSEPORT is not available with transport " + name() + " here");
    }
    return requested;
  }

  /** Refuses options this transport cannot honour: a configuration error naming the option. */
  public void requireCapabilities(ServerConfig config) {
    if (!config.deferAccept().isZero() && deferAcceptOption == null) {
      throw new ConfigException("--defer-accept: TCP_DEFER_ACCEPT is not available with transport " + name());
    }
    if (config.takeoverFrom() != null) {
      requireAdopting("--takeover-from");
    }
    if (config.controlSocket() != null && !canHandOver()) {
      throw new ConfigException("--control-socket needs the epoll or io_uring transport, whose "
          + "listening sockets can be handed over (this server uses " + name() + ")");
    }
  }

  /** Refuses {@code feature} unless this transport adopts listening sockets: a configuration error naming it. */
  public void requireAdopting(String feature) {
    if (!canAdopt()) {
      throw new ConfigException(feature + " needs the epoll transport, which adopts listening sockets (this server "
          + "uses " + name() + ")");
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
        EpollServerSocketChannel.class, EpollDatagramChannel.class, UnixChannelOption.SO_REUSEPORT,
        EpollChannelOption.TCP_DEFER_ACCEPT, EpollServerSocketChannel::new);
  }

  private static NettyTransport kqueue() {
    return new NettyTransport(Transport.KQUEUE, KQueueIoHandler::newFactory,
        KQueueServerSocketChannel.class, KQueueDatagramChannel.class, UnixChannelOption.SO_REUSEPORT, null, null);
  }

  private static NettyTransport nio() {
    return new NettyTransport(Transport.NIO, NioIoHandler::newFactory,
        NioServerSocketChannel.class, NioDatagramChannel.class, nioSupportsReusePort()
            ? NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT) : null, null, null);
  }

  private static boolean nioSupportsReusePort() {
    try (ServerSocketChannel probe = ServerSocketChannel.open()) {
      return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
    } catch (IOException e) {
      return false;
    }
  }

  private static void requireAvailable(String name, boolean available, Throwable cause) {
    if (!available) {
      String why = cause == null ? "not supported on this platform" : firstLine(cause);
      throw new ConfigException("--transport " + name + " is not available here: " + why);
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

  /** The channel of a UDP listener's socket. */
  public Class<? extends DatagramChannel> datagramChannelClass() {
    return datagramChannelClass;
  }

  public boolean supportsReusePort() {
    return reusePortOption != null;
  }

  /** The TCP_DEFER_ACCEPT option (seconds) of this transport, or {@code null} where it has none. */
  public ChannelOption<Integer> deferAcceptOption() {
    return deferAcceptOption;
  }

  /**
   * Whether this transport's listening sockets can be handed to a successor over the control
   * socket: they are descriptors ({@link UnixChannel}) on Linux, where the control socket runs
   * (epoll, io_uring).
   */
  public boolean canHandOver() {
    return kind == Transport.EPOLL || kind == Transport.IO_URING;
  }

  /** Whether this transport can serve a listening socket it did not bind (epoll). */
  public boolean canAdopt() {
    return adopter != null;
  }

  /** A server channel for the listening socket {@code fd}; only when {@link #canAdopt()}. */
  public ServerChannel adopt(int fd) {
    if (adopter == null) {
      throw new UnsupportedOperationException(name() + " cannot adopt listening sockets");
    }
    return adopter.apply(fd);
  }

  /** The SO_REUSEPORT option of this transport; only call when {@link #supportsReusePort()}. */
  public ChannelOption<Boolean> reusePortOption() {
    return reusePortOption;
  }
}
