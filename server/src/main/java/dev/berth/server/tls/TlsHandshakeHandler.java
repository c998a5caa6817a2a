package dev.berth.server.tls;

import dev.berth.protocol.ProtocolException;
import dev.berth.protocol.TlsRecords;
import dev.berth.server.connection.Peer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands in front of a connection's {@link SslHandler} (between the socket and it) while the TLS
 * handshake runs, and leaves the pipeline once the handshake succeeds: after that it costs nothing.
 *
 * <ul>
 *   <li>Counts each handshake by result ({@code ok}, {@code failed}, {@code timeout}) and version,
 *       and logs it at debug. A connection that closes before sending a byte (a load balancer's
 *       TCP check) has not tried a handshake and is not counted.
 *   <li>Sees the first bytes before the SslHandler: a first byte that cannot begin a TLS
 *       handshake record is plain text on a TLS port, raised at once downstream as a {@link
 *       ProtocolException} ({@code tls_mismatch}) instead of waiting for the handshake timeout;
 *       the SslHandler is removed, since no handshake will come.
 *   <li>Ends a failed or timed-out handshake with a FIN, never a reset. The SslHandler closes the
 *       channel right after its alert; if the peer's bytes are still unread then (a TLS 1.3 client
 *       sends its Finished and its first message together), the kernel answers with RST and the
 *       peer sees "connection reset" instead of the alert. Here that close becomes: flush, FIN,
 *       read and discard until the peer closes, for at most the handshake timeout once more.
 * </ul>
 */
public final class TlsHandshakeHandler extends ChannelDuplexHandler {

  private static final Logger log = LoggerFactory.getLogger(TlsHandshakeHandler.class);

  private final SslHandler ssl;
  private final HandshakeCounters counters;
  private final long lingerNanos;
  private boolean sawBytes;
  /** Set once the connection ends without TLS: reads are discarded, and the SslHandler's close waits for the peer. */
  private boolean ending;
  private ChannelPromise closePromise;
  private ScheduledFuture<?> lingerEnd;

  /**
   * @param ssl the connection's SslHandler, right behind this one
   * @param handshakeTimeout the longest a handshake may take; after a failure, the longest the
   *     connection waits for the peer to close ({@link Duration#ZERO}: as long as it takes)
   */
  public TlsHandshakeHandler(SslHandler ssl, HandshakeCounters counters, Duration handshakeTimeout) {
    this.ssl = ssl;
    this.counters = counters;
    this.lingerNanos = handshakeTimeout.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    ssl.handshakeFuture().addListener(future -> handshakeDone(ctx, future));
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (ending) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!sawBytes && msg instanceof ByteBuf && ((ByteBuf) msg).isReadable()) {
      sawBytes = true;
      ByteBuf in = (ByteBuf) msg;
      if (in.getUnsignedByte(in.readerIndex()) != TlsRecords.HANDSHAKE) {
        in.release();
        plainText(ctx);
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  private void plainText(ChannelHandlerContext ctx) {
    ending = true;
    ctx.pipeline().remove(ssl); // frees its engine; the failed handshake it reports is not counted
    ctx.fireExceptionCaught(new ProtocolException(ProtocolException.Reason.TLS_MISMATCH,
        "looks like plain text on a TLS port"));
    endWithFin(ctx, ctx.newPromise());
  }

  private void handshakeDone(ChannelHandlerContext ctx, Future<? super Channel> future) {
    if (ending) {
      return;
    }
    if (future.isSuccess()) {
      SSLSession session = ssl.engine().getSession();
      counters.succeeded(session.getProtocol());
      log.debug("TLS handshake with {}: {} {}", Peer.client(ctx.channel()), session.getProtocol(),
          session.getCipherSuite());
      ctx.pipeline().remove(this);
      return;
    }
    boolean timeout = future.cause() instanceof SslHandshakeTimeoutException;
    if (!timeout && !sawBytes) {
      log.debug("connection from {} closed before a TLS handshake", Peer.client(ctx.channel()));
      return;
    }
    counters.failed(timeout);
    log.debug("TLS handshake with {} {}: {}", Peer.client(ctx.channel()), timeout ? "timed out" : "failed",
        future.cause().getMessage());
    ending = true;
  }

  /**
   * The first close after a failed handshake is the SslHandler's: it becomes the orderly end. Any
   * later one (idle timeout, the server stopping) closes at once.
   */
  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (ending && closePromise == null && ctx.channel().isActive()) {
      endWithFin(ctx, promise);
    } else {
      ctx.close(promise);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (ending && evt instanceof ChannelInputShutdownEvent) {
      finish(ctx); // the peer has closed its side: nothing can be left unread
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  /** Sends what is queued (the alert), then FIN; reads on, discarding, until the peer closes. */
  private void endWithFin(ChannelHandlerContext ctx, ChannelPromise promise) {
    closePromise = promise;
    DuplexChannel channel = (DuplexChannel) ctx.channel();
    channel.config().setAutoRead(true);
    // Writes complete in order: the empty one completes once everything before it is sent.
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> channel.shutdownOutput());
    if (lingerNanos > 0) {
      lingerEnd = ctx.executor().schedule(() -> finish(ctx), lingerNanos, TimeUnit.NANOSECONDS);
    }
  }

  private void finish(ChannelHandlerContext ctx) {
    if (lingerEnd != null) {
      lingerEnd.cancel(false);
    }
    ctx.close(closePromise != null ? closePromise : ctx.newPromise());
  }
}
