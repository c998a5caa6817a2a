package dev.berth.server.tls;

import dev.berth.config.TlsProvider;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import dev.berth.server.connection.InfoReplies;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * A small server over loopback with the TLS handlers in front of a line echo, as berth's pipeline
 * puts them: handshake handler, SslHandler, error handler, then the connection's own handlers. The
 * line {@code info} is answered as the {@code info} mode answers a message. What reaches the
 * end of the pipeline as an error is kept for the test to look at.
 */
final class TlsEchoServer implements AutoCloseable {

  static final String LISTENER = "tls-test";

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Channel listening;

  TlsEchoServer(ServerTls tls) throws InterruptedException {
    HandshakeCounters counters = tls.handshakes(LISTENER);
    listening = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            connections.add(channel);
            ChannelPipeline pipeline = channel.pipeline();
            SslHandler ssl = tls.newHandler(channel.alloc());
            pipeline.addLast("tls-handshake", new TlsHandshakeHandler(ssl, counters, tls.handshakeTimeout()));
            pipeline.addLast("tls", ssl);
            pipeline.addLast("tls-errors", TlsErrorHandler.INSTANCE);
            pipeline.addLast("decoder", new LineBasedFrameDecoder(1024));
            pipeline.addLast("echo", new LineEcho());
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
  }

  /** The TLS implementations that load here: the JDK's always, OpenSSL where netty-tcnative does. */
  static Stream<TlsProvider> providers() {
    return OpenSsl.isAvailable() ? Stream.of(TlsProvider.JDK, TlsProvider.OPENSSL) : Stream.of(TlsProvider.JDK);
  }

  int port() {
    return ((InetSocketAddress) listening.localAddress()).getPort();
  }

  /** How many connections are open on the server's side. */
  int openConnections() {
    return connections.size();
  }

  /** Errors that reached the end of a pipeline, in order. */
  List<Throwable> errors() {
    return errors;
  }

  @Override
  public void close() {
    listening.close().syncUninterruptibly();
    connections.close().syncUninterruptibly(); // through each pipeline, so each SslHandler lets go of its engine
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class LineEcho extends ChannelInboundHandlerAdapter {

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf line = (ByteBuf) msg;
      ByteBuf reply = line.toString(StandardCharsets.UTF_8).equals("info")
          ? new InfoReplies("test", LISTENER).reply(ctx, line, 1)
          : line;
      ctx.write(reply);
      ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'\n'}));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent) {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable error) {
      errors.add(error);
      if (error instanceof IOException) {
        ctx.close();
      }
    }
  }
}
