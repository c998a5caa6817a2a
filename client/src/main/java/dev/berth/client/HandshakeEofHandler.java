package dev.berth.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Right behind the SslHandler until the handshake is done: a server that ends its side then (a
 * plain-text port refusing a ClientHello, say) closes the connection, so the handshake fails at
 * once with "closed during the handshake". With half-closure allowed, the SslHandler would wait
 * for the handshake timeout.
 */
final class HandshakeEofHandler extends ChannelInboundHandlerAdapter {

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof SslHandshakeCompletionEvent) {
      ctx.pipeline().remove(this);
    } else if (evt instanceof ChannelInputShutdownEvent) {
      ctx.close();
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }
}
