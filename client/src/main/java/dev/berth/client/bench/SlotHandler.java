package dev.berth.client.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/** The only handler of a bench connection: raw bytes straight to its {@link Slot}, no decoder. */
@ChannelHandler.Sharable
final class SlotHandler extends ChannelInboundHandlerAdapter {

  private final Slot slot;

  SlotHandler(Slot slot) {
    this.slot = slot;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    try {
      slot.onBytes(ctx.channel(), in);
    } finally {
      in.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    slot.onReadComplete(ctx.channel());
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      slot.onServerClosed(ctx.channel());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    slot.onServerClosed(ctx.channel());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    slot.onFailure(ctx.channel(), cause);
  }
}
