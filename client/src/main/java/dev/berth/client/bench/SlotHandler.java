package dev.berth.client.bench;

import dev.berth.client.ConnectionFront;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * The last handler of a bench connection: bytes straight to its {@link Slot}, no decoder. Before
 * it there is only the {@link ConnectionFront}: a PROXY header sender that leaves once it has
 * sent, and with TLS the SslHandler, which hands on plain text.
 */
@ChannelHandler.Sharable
final class SlotHandler extends ChannelInboundHandlerAdapter {

  static final String NAME = "slot";

  private final Slot slot;

  private SlotHandler(Slot slot) {
    this.slot = slot;
  }

  /** The pipeline of each of {@code slot}'s connections. */
  static ChannelInitializer<Channel> pipeline(ConnectionFront front, Slot slot) {
    SlotHandler handler = new SlotHandler(slot);
    return new ChannelInitializer<>() {
      @Override
      protected void initChannel(Channel channel) {
        front.addTo(channel);
        channel.pipeline().addLast(NAME, handler);
      }
    };
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
