package dev.berth.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP echo server on 127.0.0.1 and a free port: each datagram goes back to its sender, except
 * every {@code n}-th one when told to drop them, as a lossy network or a server with {@code
 * --drop-rate} does, or changed when told to corrupt one.
 */
public final class UdpTestServer implements AutoCloseable {

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final long dropEvery;
  private final long corrupt;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Channel channel;

  private UdpTestServer(long dropEvery, long corrupt) {
    this.dropEvery = dropEvery;
    this.corrupt = corrupt;
    this.channel = new Bootstrap()
        .group(group)
        .channel(NioDatagramChannel.class)
        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65_536))
        .option(ChannelOption.SO_RCVBUF, 4 << 20)
        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            long number = received.incrementAndGet();
            if (dropEvery > 0 && number % dropEvery == 0) {
              dropped.incrementAndGet();
              return;
            }
            ByteBuf reply = packet.content().retain();
            if (number == corrupt) {
              int last = reply.writerIndex() - 1;
              reply.setByte(last, reply.getByte(last) ^ 0x01);
            }
            ctx.writeAndFlush(new DatagramPacket(reply, packet.sender()));
          }
        })
        .bind("127.0.0.1", 0)
        .syncUninterruptibly()
        .channel();
  }

  /** Echoes every datagram. */
  public static UdpTestServer echo() {
    return new UdpTestServer(0, 0);
  }

  /** Echoes every datagram but the {@code n}-th, 2n-th, … ({@code n} of 1: none, a silent server). */
  public static UdpTestServer droppingEvery(long n) {
    return new UdpTestServer(n, 0);
  }

  /** Echoes every datagram, the {@code n}-th with its last byte changed. */
  public static UdpTestServer corrupting(long n) {
    return new UdpTestServer(0, n);
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  public long received() {
    return received.get();
  }

  public long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
