package dev.berth.client.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;

/** The only handler of a bench UDP socket: each datagram's bytes straight to its {@link DatagramSender}. */
@ChannelHandler.Sharable
final class DatagramHandler extends ChannelInboundHandlerAdapter {

  private final DatagramSender sender;

  DatagramHandler(DatagramSender sender) {
    this.sender = sender;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      sender.onDatagram(ctx.channel(), msg instanceof DatagramPacket ? ((DatagramPacket) msg).content() : (ByteBuf) msg);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    sender.onReadComplete(ctx.channel());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    sender.onClosed(ctx.channel());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    sender.onFailure(ctx.channel(), cause);
  }
}
