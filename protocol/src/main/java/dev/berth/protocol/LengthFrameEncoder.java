package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Prefixes each outgoing payload with its 8-byte length (payload size + 8). {@link WireBytes} are
 * framed already and go out as they are.
 */
@ChannelHandler.Sharable
public final class LengthFrameEncoder extends ChannelOutboundHandlerAdapter {

  /** The encoder holds no state, so one instance serves every channel. */
  public static final LengthFrameEncoder INSTANCE = new LengthFrameEncoder();

  private LengthFrameEncoder() {}

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ByteBuf) {
      FrameWriter.writeLengthFramed(ctx, (ByteBuf) msg, promise);
    } else if (msg instanceof WireBytes) {
      ctx.write(((WireBytes) msg).content(), promise);
    } else {
      ctx.write(msg, promise);
    }
  }
}
