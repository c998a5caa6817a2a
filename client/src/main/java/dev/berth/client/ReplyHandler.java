package dev.berth.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/** The last handler of every client connection: hands each reply and each end to the {@link Conversation}. */
@ChannelHandler.Sharable
final class ReplyHandler extends ChannelInboundHandlerAdapter {

  private final Conversation conversation;

  ReplyHandler(Conversation conversation) {
    this.conversation = conversation;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf payload = (ByteBuf) msg;
    byte[] bytes;
    try {
      bytes = ByteBufUtil.getBytes(payload);
    } finally {
      payload.release();
    }
    conversation.onReply(ctx.channel(), bytes);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    // With ALLOW_HALF_CLOSURE a server FIN arrives as this event while our side may still write.
    if (evt instanceof ChannelInputShutdownEvent) {
      conversation.onServerClosed(ctx.channel());
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    conversation.onServerClosed(ctx.channel());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    conversation.onFailure(ctx.channel(), cause);
  }
}
