package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;

/**
 * Ends each outgoing payload with a line terminator: {@code \r\n} when the line being answered
 * ended that way (as told by the paired {@link LineFrameDecoder}), otherwise {@code \n}. {@link
 * WireBytes} are framed already and go out as they are.
 */
public final class LineFrameEncoder extends ChannelOutboundHandlerAdapter {

  private final LineFrameDecoder answering;

  /** An encoder that mirrors the terminator of the line {@code answering} decoded last. */
  public LineFrameEncoder(LineFrameDecoder answering) {
    this.answering = answering;
  }

  /** An encoder that always ends lines with {@code \n}, as a client does. */
  public LineFrameEncoder() {
    this(null);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof WireBytes) {
      ctx.write(((WireBytes) msg).content(), promise);
      return;
    }
    if (!(msg instanceof ByteBuf)) {
      ctx.write(msg, promise);
      return;
    }
    FrameWriter.writeLine(ctx, (ByteBuf) msg, answering != null && answering.lastEndedWithCrLf(), promise);
  }

  // Only the terminator-mirroring variant keeps per-connection state.
  @Override
  public boolean isSharable() {
    return answering == null;
  }
}
