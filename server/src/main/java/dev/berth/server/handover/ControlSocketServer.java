package dev.berth.server.handover;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.PeerCredentials;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket a running server offers (mode 0600), on which a successor of the same user
 * takes over its listening sockets (see {@link ControlPlane} for that protocol), and {@code berth
 * ctl} of the same user asks for the server's status or changes its faults ({@link
 * ControlRequests}). One request a connection; anyone else is refused.
 */
public final class ControlSocketServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControlSocketServer.class);

  private final EventLoopGroup loop;
  private final Channel channel;

  private ControlSocketServer(EventLoopGroup loop, Channel channel) {
    this.loop = loop;
    this.channel = channel;
  }

  /**
   * Binds the control socket at {@code path}.
   *
   * @param replacing whether the socket there belongs to the server this one took over from,
   *     which no longer needs it; otherwise a live socket at {@code path} is an error
   * @param listeners the listening sockets to hand over, read when a successor asks
   * @param onHandedOver runs once a successor confirmed that it serves them
   * @param requests answers the {@code berth ctl} requests
   */
  public static ControlSocketServer bind(Path path, boolean replacing, Supplier<List<FileDescriptor>> listeners,
      Runnable onHandedOver, ControlRequests requests) throws HandoverException {
    ControlPlane.requireEpoll("--control-socket");
    clearPath(path, replacing);
    int uid;
    try {
      uid = ControlPlane.currentUid();
    } catch (IOException e) {
      throw new HandoverException("cannot read this process's user id: " + e.getMessage(), e);
    }
    EventLoopGroup loop = ControlPlane.newLoop("berth-control");
    AtomicBoolean handedOver = new AtomicBoolean();
    AtomicLong handedTo = new AtomicLong(-1);
    try {
      Channel channel = new ServerBootstrap()
          .group(loop)
          .channel(EpollServerDomainSocketChannel.class)
          .childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel successor) {
              successor.pipeline().addLast(new HandoverHandler(uid, listeners, handedTo, () -> {
                if (handedOver.compareAndSet(false, true)) {
                  onHandedOver.run();
                }
              }, requests));
            }
          })
          .bind(new DomainSocketAddress(path.toFile()))
          .sync()
          .channel();
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
      log.info("control socket ready: {} (a successor takes over with --takeover-from {})", path, path);
      return new ControlSocketServer(loop, channel);
    } catch (Exception e) {
      loop.shutdownGracefully();
      throw new HandoverException("cannot bind control socket " + path + ": " + e.getMessage(), e);
    }
  }

  private static void clearPath(Path path, boolean replacing) throws HandoverException {
    if (!Files.exists(path)) {
      return;
    }
    if (!replacing && isLive(path)) {
      throw new HandoverException("control socket " + path
          + " belongs to a running server (start with --takeover-from " + path + " to replace it)");
    }
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new HandoverException("cannot remove old control socket " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean isLive(Path path) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(path));
      return true;
    } catch (IOException e) {
      return false; // refused: a socket file left behind by a server that is gone
    }
  }

  /**
   * Stops offering the socket and removes its file. After a handover it is already closed, before
   * the successor bound its own file at the same path.
   */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Writes a {@code berth ctl} reply and closes: one request a connection. */
  private static void reply(ChannelHandlerContext ctx, String reply) {
    ctx.writeAndFlush(Unpooled.copiedBuffer(reply, StandardCharsets.UTF_8)).addListener(ChannelFutureListener.CLOSE);
  }

  /** The longest request line: a fault change naming every key. */
  private static final int MAX_REQUEST = 4096;

  /** Answers one control connection: a {@code TAKE}, a {@code READY} or a {@code BERTH/1} line. */
  private static final class HandoverHandler extends ChannelInboundHandlerAdapter {

    private final int uid;
    private final Supplier<List<FileDescriptor>> listeners;
    private final AtomicLong handedTo;
    private final Runnable onReady;
    private final ControlRequests requests;
    private final StringBuilder line = new StringBuilder();

    HandoverHandler(int uid, Supplier<List<FileDescriptor>> listeners, AtomicLong handedTo, Runnable onReady,
        ControlRequests requests) {
      this.uid = uid;
      this.listeners = listeners;
      this.handedTo = handedTo;
      this.onReady = onReady;
      this.requests = requests;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
      ByteBuf bytes = (ByteBuf) msg;
      try {
        line.append(bytes.toString(StandardCharsets.US_ASCII));
      } finally {
        bytes.release();
      }
      int end = line.indexOf("\n");
      if (end > MAX_REQUEST || (end < 0 && line.length() > MAX_REQUEST)) {
        ctx.close(); // not our protocol
        return;
      }
      if (end < 0) {
        return;
      }
      PeerCredentials peer = ((EpollDomainSocketChannel) ctx.channel()).peerCredentials();
      String command = line.substring(0, end).trim();
      if (peer.uid() != uid) {
        log.warn("refused control connection from pid {}: it runs as uid {}, this server as uid {}",
            peer.pid(), peer.uid(), uid);
        if (command.startsWith(ControlRequests.PREFIX)) {
          reply(ctx, "ERROR refused: berth ctl runs as uid " + peer.uid() + ", the server as uid " + uid + "\n");
        } else {
          ctx.close();
        }
        return;
      }
      if (command.startsWith(ControlRequests.PREFIX)) {
        log.debug("control request from pid {}: {}", peer.pid(), command);
        reply(ctx, requests.answer(command.substring(ControlRequests.PREFIX.length()).trim()));
      } else if (command.equals(ControlPlane.TAKE)) {
        List<FileDescriptor> fds = listeners.get();
        log.info("handing {} listening sockets to pid {}", fds.size(), peer.pid());
        handedTo.set(peer.pid());
        for (FileDescriptor fd : fds) {
          ctx.write(fd);
        }
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE); // ends the list
      } else if (command.equals(ControlPlane.READY) && peer.pid() == handedTo.get()) {
        log.info("pid {} serves the handed-over sockets; draining", peer.pid());
        // Closing the control socket removes its file (Netty deletes it by path), so it must
        // happen before the successor binds its own there: it waits for this connection to close.
        ctx.channel().parent().close().addListener(closed -> {
          ctx.close();
          onReady.run();
        });
      } else {
        log.warn("ignored control command \"{}\" from pid {}", command, peer.pid());
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.debug("control connection error: {}", cause.getMessage());
      ctx.close();
    }
  }
}
