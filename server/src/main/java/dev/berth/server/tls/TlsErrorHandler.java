package dev.berth.server.tls;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLException;

/**
 * Right behind a connection's {@link SslHandler}: passes on the TLS errors it raises in the form
 * the rest of the pipeline expects. The SslHandler wraps a peer's bad TLS in a {@code
 * DecoderException}; unwrapped, it is an {@link SSLException}, an {@link java.io.IOException}
 * that the lifecycle treats as the ordinary network failure it is (debug log, close, counted).
 * While the handshake has failed, its errors are dropped: {@link TlsHandshakeHandler} has counted
 * them and ends the connection. Only {@code exceptionCaught} is overridden, so reads and writes
 * skip this handler.
 */
@ChannelHandler.Sharable
public final class TlsErrorHandler extends ChannelInboundHandlerAdapter {

  public static final TlsErrorHandler INSTANCE = new TlsErrorHandler();

  private TlsErrorHandler() {}

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable error) {
    SSLException tlsError = tlsError(error);
    if (tlsError == null) {
      ctx.fireExceptionCaught(error);
      return;
    }
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    boolean handshakeFailed = ssl == null || ssl.handshakeFuture().cause() != null;
    if (!handshakeFailed) {
      ctx.fireExceptionCaught(tlsError);
    }
  }

  private static SSLException tlsError(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SSLException) {
        return (SSLException) cause;
      }
    }
    return null;
  }
}
