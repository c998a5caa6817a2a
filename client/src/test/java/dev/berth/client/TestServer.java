package dev.berth.client;

import dev.berth.protocol.Framing;
import dev.berth.protocol.LengthFrameDecoder;
import dev.berth.protocol.LengthFrameEncoder;
import dev.berth.protocol.LineFrameDecoder;
import dev.berth.protocol.LineFrameEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A small echo server on 127.0.0.1 and a free port, built from the protocol codecs, with ways to
 * misbehave that the client and bench must notice. Every server answers a client FIN by
 * answering what it has and closing, as berth does.
 */
public final class TestServer implements AutoCloseable {

  /** What the server does with the messages it receives. */
  public enum Behaviour {
    /** Replies with each message. */
    ECHO,
    /** Never replies. */
    SILENT,
    /**
     * Answers {@code n} messages per connection (0: none), then half-closes and ignores the rest,
     * as a draining server does.
     */
    HALF_CLOSE_AFTER,
    /** Flips one byte in the reply to message number {@code n} (counted over all connections, from 1). */
    CORRUPT_ONE,
    /** Does not reply to message number {@code n} (counted over all connections, from 1). */
    DROP_ONE,
    /** Answers the first message with half a reply, then closes. */
    CLOSE_MID_MESSAGE,
    /** Greets each connection with "Welcome to this server!" as one message, then echoes. */
    GREET
  }

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Framing framing;
  private final Behaviour behaviour;
  private final long n;
  private final AtomicLong messages = new AtomicLong();
  private final AtomicInteger connections = new AtomicInteger();
  private final Channel listener;
  /** The accepted connections, closed before the event loop stops (see {@link #close()}). */
  private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

  private TestServer(Framing framing, Behaviour behaviour, long n, Consumer<SocketChannel> front) {
    this.framing = framing;
    this.behaviour = behaviour;
    this.n = n;
    this.listener = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            connections.incrementAndGet();
            children.add(channel);
            front.accept(channel);
            switch (framing) {
              case LINE:
                channel.pipeline().addLast(new LineFrameDecoder(1 << 20), new LineFrameEncoder());
                break;
              case LENGTH:
                channel.pipeline().addLast(new LengthFrameDecoder(64 << 20), LengthFrameEncoder.INSTANCE);
                break;
              case RAW:
                break;
            }
            channel.pipeline().addLast(new Responder());
          }
        })
        .bind("127.0.0.1", 0)
        .syncUninterruptibly()
        .channel();
  }

  public static TestServer start(Framing framing, Behaviour behaviour, long n) {
    return new TestServer(framing, behaviour, n, channel -> {});
  }

  /**
   * A server whose connections begin with the handlers {@code front} adds (a PROXY header decoder,
   * an SslHandler), as berth's listeners can.
   */
  public static TestServer start(Framing framing, Behaviour behaviour, long n, Consumer<SocketChannel> front) {
    return new TestServer(framing, behaviour, n, front);
  }

  public static TestServer echo(Framing framing) {
    return start(framing, Behaviour.ECHO, 0);
  }

  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** Messages (raw: chunks) received so far, resent ones included. */
  public long messages() {
    return messages.get();
  }

  public int connections() {
    return connections.get();
  }

  @Override
  public void close() {
    listener.close().syncUninterruptibly();
    // Closed while the event loop still runs the tasks a close queues (channelInactive, the
    // decoders' release of what they hold); a loop that closes them itself as it stops may drop
    // those tasks, and the leak detector then reports the decoders' buffers.
    children.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Responder extends ChannelInboundHandlerAdapter {
    private long answered;
    private boolean draining;

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      if (behaviour == Behaviour.HALF_CLOSE_AFTER && n == 0) {
        draining = true;
        ((SocketChannel) ctx.channel()).shutdownOutput();
      }
      if (behaviour == Behaviour.GREET) {
        ctx.writeAndFlush(Unpooled.copiedBuffer("Welcome to this server!", StandardCharsets.US_ASCII));
      }
      ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf message = (ByteBuf) msg;
      long number = messages.incrementAndGet();
      if (draining || behaviour == Behaviour.SILENT || (behaviour == Behaviour.DROP_ONE && number == n)) {
        message.release();
        return;
      }
      if (behaviour == Behaviour.CLOSE_MID_MESSAGE) {
        message.release();
        ByteBuf half = framing == Framing.LENGTH
            ? Unpooled.buffer().writeLong(100).writeBytes(new byte[10])
            : Unpooled.wrappedBuffer(new byte[] {'h', 'a'});
        // From the first handler on, past the encoder, so the frame stays unfinished.
        ctx.pipeline().firstContext().writeAndFlush(half).addListener(ChannelFutureListener.CLOSE);
        draining = true;
        return;
      }
      if (behaviour == Behaviour.CORRUPT_ONE && number == n) {
        int last = message.writerIndex() - 1;
        message.setByte(last, message.getByte(last) ^ 0x01);
      }
      ctx.write(message);
      answered++;
      if (behaviour == Behaviour.HALF_CLOSE_AFTER && answered == n) {
        draining = true;
        ctx.flush();
        ((SocketChannel) ctx.channel()).shutdownOutput();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent) {
        // Closes once the replies already written are out; past the encoder, which would frame it.
        ctx.pipeline().firstContext().writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
