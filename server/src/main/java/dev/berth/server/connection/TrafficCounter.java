package dev.berth.server.connection;

import dev.berth.server.counters.ServerCounters;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Counts bytes on the wire, framing included. It sits first in the pipeline, so it sees exactly
 * what the socket reads and what the encoders hand to the socket.
 */
@ChannelHandler.Sharable
public final class TrafficCounter extends ChannelDuplexHandler {

  private final ServerCounters counters;

  public TrafficCounter(ServerCounters counters) {
    this.counters = counters;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf) {
      counters.bytesReceived(((ByteBuf) msg).readableBytes());
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf) {
      counters.bytesSent(((ByteBuf) msg).readableBytes());
    }
    ctx.write(msg, promise);
  }
}
