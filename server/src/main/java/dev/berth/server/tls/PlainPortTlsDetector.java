package dev.berth.server.tls;

import dev.berth.protocol.ProtocolException;
import dev.berth.protocol.TlsRecords;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * On a plain line- or length-framed port, looks at a connection's first bytes: a TLS
 * ClientHello there is raised as a {@link ProtocolException} ({@code tls_mismatch}, "looks like
 * TLS on a plain port") instead of being read as messages, and what follows is discarded. Any
 * other first bytes pass on, and this handler leaves the pipeline: after the first read it costs
 * nothing.
 *
 * <p>It decides on the first read: a TLS client sends its whole ClientHello at once, so the three
 * bytes it needs are there. Not for raw framing, where any bytes are a valid stream.
 */
public final class PlainPortTlsDetector extends ChannelInboundHandlerAdapter {

  private boolean refused;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refused) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!(msg instanceof ByteBuf) || !((ByteBuf) msg).isReadable()) {
      ctx.fireChannelRead(msg);
      return;
    }
    ByteBuf in = (ByteBuf) msg;
    if (TlsRecords.startsHandshake(in, in.readerIndex())) {
      refused = true;
      in.release();
      ctx.fireExceptionCaught(new ProtocolException(ProtocolException.Reason.TLS_MISMATCH,
          "looks like TLS on a plain port"));
      return;
    }
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(msg);
  }
}
