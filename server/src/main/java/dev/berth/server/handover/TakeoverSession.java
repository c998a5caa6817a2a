package dev.berth.server.handover;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketReadMode;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.UnixChannelOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The successor's side of a handover: receives the running server's listening sockets over its
 * control socket, and confirms once it serves them. See {@link ControlPlane} for the protocol.
 */
public final class TakeoverSession implements AutoCloseable {

  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

  private final EventLoopGroup loop;
  private final Path controlSocket;
  private final List<FileDescriptor> listeners;

  private TakeoverSession(EventLoopGroup loop, Path controlSocket, List<FileDescriptor> listeners) {
    this.loop = loop;
    this.controlSocket = controlSocket;
    this.listeners = listeners;
  }

  /** Connects to the server at {@code controlSocket} and receives its listening sockets. */
  public static TakeoverSession open(Path controlSocket, Duration timeout) throws HandoverException {
    ControlPlane.requireEpoll("--takeover-from");
    if (!Files.exists(controlSocket)) {
      throw new HandoverException("no control socket at " + controlSocket);
    }
    EventLoopGroup loop = ControlPlane.newLoop("berth-takeover");
    CompletableFuture<List<FileDescriptor>> received = new CompletableFuture<>();
    try {
      new Bootstrap()
          .group(loop)
          .channel(EpollDomainSocketChannel.class)
          .option(UnixChannelOption.DOMAIN_SOCKET_READ_MODE, DomainSocketReadMode.FILE_DESCRIPTORS)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
          .handler(new DescriptorCollector(received))
          .connect(new DomainSocketAddress(controlSocket.toFile()))
          .sync()
          .channel()
          .writeAndFlush(command(ControlPlane.TAKE));
      List<FileDescriptor> listeners = received.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (listeners.isEmpty()) {
        throw new HandoverException("the server at " + controlSocket
            + " refused to hand over its sockets (it accepts only the same user; see its log)");
      }
      return new TakeoverSession(loop, controlSocket, listeners);
    } catch (HandoverException e) {
      loop.shutdownGracefully();
      throw e;
    } catch (TimeoutException e) {
      loop.shutdownGracefully();
      throw new HandoverException("the server at " + controlSocket + " did not answer within " + timeout);
    } catch (ExecutionException e) {
      loop.shutdownGracefully();
      throw new HandoverException("handover from " + controlSocket + " failed: " + e.getCause().getMessage(), e);
    } catch (Exception e) {
      loop.shutdownGracefully();
      throw new HandoverException("cannot connect to control socket " + controlSocket + ": " + e.getMessage(), e);
    }
  }

  /** The listening sockets received, as file descriptors now owned by this process. */
  public List<FileDescriptor> listeners() {
    return listeners;
  }

  /** Tells the old server that this one serves the sockets now, so it may drain. */
  public void confirm() throws HandoverException {
    try {
      Channel channel = new Bootstrap()
          .group(loop)
          .channel(EpollDomainSocketChannel.class)
          .handler(new ChannelInboundHandlerAdapter())
          .connect(new DomainSocketAddress(controlSocket.toFile()))
          .sync()
          .channel();
      channel.writeAndFlush(command(ControlPlane.READY)).sync();
      // The old server closes this connection once it has given up the control socket's path.
      if (!channel.closeFuture().await(CONFIRM_TIMEOUT.toMillis())) {
        channel.close();
        throw new HandoverException("the server at " + controlSocket + " did not acknowledge READY");
      }
    } catch (HandoverException e) {
      throw e;
    } catch (Exception e) {
      throw new HandoverException("cannot tell the server at " + controlSocket + " to drain: " + e.getMessage(), e);
    }
  }

  private static ByteBuf command(String command) {
    return Unpooled.copiedBuffer(command + "\n", StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Collects descriptors until the old server closes the connection, which ends the list. */
  private static final class DescriptorCollector extends ChannelInboundHandlerAdapter {

    private final CompletableFuture<List<FileDescriptor>> done;
    private final List<FileDescriptor> received = new ArrayList<>();

    DescriptorCollector(CompletableFuture<List<FileDescriptor>> done) {
      this.done = done;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof FileDescriptor) {
        received.add((FileDescriptor) msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      done.complete(List.copyOf(received)); // none when the server refused
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      done.completeExceptionally(cause);
      ctx.close();
    }
  }
}
