package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Ends each outgoing payload with a line terminator: a {@link Line} the way the line it answers
 * ended ({@code \r\n} or {@code \n}), a plain payload {@link ByteBuf} with {@code \n}. {@link
 * WireBytes} are framed already and go out as they are.
 */
@ChannelHandler.Sharable
public final class LineFrameEncoder extends ChannelOutboundHandlerAdapter {

  /** The encoder holds no state, so one instance serves every channel. */
  public static final LineFrameEncoder INSTANCE = new LineFrameEncoder();

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof Line) {
      Line line = (Line) msg;
      FrameWriter.writeLine(ctx, line.content(), line.endsWithCrLf(), promise);
    } else if (msg instanceof ByteBuf) {
      FrameWriter.writeLine(ctx, (ByteBuf) msg, false, promise);
    } else if (msg instanceof WireBytes) {
      ctx.write(((WireBytes) msg).content(), promise);
    } else {
      ctx.write(msg, promise);
    }
  }
}
