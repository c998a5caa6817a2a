package dev.berth.server.connection;

import dev.berth.protocol.FrameDecoder;
import dev.berth.protocol.ProtocolException;
import dev.berth.server.counters.CloseCause;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.faults.ConnectionFaults;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import dev.berth.server.log.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tail of every connection's pipeline: decides how the connection ends and counts why.
 *
 * <ul>
 *   <li>Peer FIN: every complete message has been answered by the time the event arrives; flush
 *       the replies, then close (FIN, nothing unread, so never RST).
 *   <li>Protocol error: the replies to the messages before the bad one are flushed, then the
 *       output is shut down (FIN) and input is read and discarded until the peer closes.
 *   <li>Idle timeout: flush and close.
 *   <li>Drain ({@link DrainRequest}): take no new message (later bytes, and a message only partly
 *       received, are dropped: the client sends them again elsewhere), then as for a protocol
 *       error: answer, FIN, read and discard until the peer closes. A connection that has not
 *       sent its first complete message yet is first given up to the drain grace for it: a
 *       one-shot client (nc, a script) accepted just before or during the drain sends it any
 *       moment and would read a FIN instead of its answer, with nothing to resend it.
 *   <li>Faults on purpose ({@link ConnectionFaults.End}): a half-close as in a drain, or a reset
 *       (RST: closed with SO_LINGER 0), once the replies before it are written. The only RST
 *       berth ever sends.
 *   <li>I/O errors such as a reset are ordinary on a network: counted, logged at debug, closed.
 * </ul>
 *
 * <p>Whatever ends a connection, the replies already made go out first, delayed ones included
 * ({@link MessageHandler#afterReplies}).
 */
public final class ConnectionLifecycleHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ConnectionLifecycleHandler.class);
  /** Peers can cause these; a flood of them must not flood the log. */
  private static final RateLimitedLog UNEXPECTED = new RateLimitedLog(log, 10, Duration.ofMinutes(1));

  private final ServerCounters counters;
  private final ConnectionTracker tracker;
  private final MessageHandler messages;
  private final long drainGraceNanos;
  private CloseCause cause;
  private boolean outputEnding;
  /** Set while a drain waits for this connection's first message, until it arrives or the grace ends. */
  private ScheduledFuture<?> drainGraceEnd;

  /**
   * @param tracker says whether the server drains: a connection accepted meanwhile drains too
   * @param messages the connection's message handler, which knows whether a message has arrived
   * @param drainGrace how long a drain waits for the first message of a connection that has sent none
   */
  public ConnectionLifecycleHandler(ServerCounters counters, ConnectionTracker tracker, MessageHandler messages,
      Duration drainGrace) {
    this.counters = counters;
    this.tracker = tracker;
    this.messages = messages;
    this.drainGraceNanos = drainGrace.toNanos();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    log.debug("connection open: {}", Peer.client(ctx.channel()));
    ctx.fireChannelActive();
    if (tracker.isDraining()) {
      // Accepted just before the listeners closed (or while they take what was queued): served the
      // way every other connection is, by a drain. Closing it with input unread would reset it.
      drain(ctx);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    // The replies to this read are flushed by now (the message handler flushes before passing it on).
    ctx.fireChannelReadComplete();
    if (drainGraceEnd != null && messages.hasReceived() && drainGraceEnd.cancel(false)) {
      stopTakingMessages(ctx, CloseCause.DRAIN);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (drainGraceEnd != null) {
      drainGraceEnd.cancel(false);
    }
    CloseCause counted = cause != null ? cause : CloseCause.PEER;
    counters.connectionClosed(counted);
    log.debug("connection closed: {} ({})", Peer.client(ctx.channel()), counted.label());
    ctx.fireChannelInactive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      closeAfterReplies(ctx, CloseCause.PEER);
    } else if (evt instanceof DrainRequest) {
      drain(ctx);
    } else if (evt instanceof IdleStateEvent) {
      log.debug("connection idle: {}", Peer.client(ctx.channel()));
      closeAfterReplies(ctx, CloseCause.IDLE);
    } else if (evt == ConnectionFaults.End.CLOSE) {
      log.debug("fault: half-closing {} (--close-after)", Peer.client(ctx.channel()));
      stopTakingMessages(ctx, CloseCause.FAULT);
    } else if (evt == ConnectionFaults.End.RESET) {
      log.debug("fault: resetting {} (--reset-after, --reset-rate)", Peer.client(ctx.channel()));
      reset(ctx);
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable error) {
    if (error instanceof ProtocolException) {
      ProtocolException protocolError = (ProtocolException) error;
      counters.protocolError(protocolError.reason());
      log.debug("protocol error from {}: {}", Peer.client(ctx.channel()), error.getMessage());
      if (protocolError.reason() == ProtocolException.Reason.TRUNCATED) {
        // Raised only once the peer's input has ended: this is a peer close with a loss.
        closeAfterReplies(ctx, CloseCause.PEER);
      } else {
        halfCloseAfterReplies(ctx, CloseCause.PROTOCOL);
      }
    } else if (error instanceof IOException) {
      log.debug("connection error from {}: {}", Peer.client(ctx.channel()), error.getMessage());
      recordCause(CloseCause.ERROR);
      ctx.close();
    } else {
      UNEXPECTED.warn("unexpected error on connection from {}", Peer.client(ctx.channel()), error);
      recordCause(CloseCause.ERROR);
      ctx.close();
    }
  }

  private void drain(ChannelHandlerContext ctx) {
    if (outputEnding || drainGraceEnd != null) {
      return; // already ending for a reason of its own, or already draining
    }
    if (!messages.hasReceived() && drainGraceNanos > 0) {
      drainGraceEnd = ctx.executor().schedule(
          () -> stopTakingMessages(ctx, CloseCause.DRAIN), drainGraceNanos, TimeUnit.NANOSECONDS);
      return;
    }
    stopTakingMessages(ctx, CloseCause.DRAIN);
  }

  /**
   * The drain proper (or a half-close on purpose): drop what is not yet a complete message,
   * answer the rest, FIN, discard until the peer closes.
   */
  private void stopTakingMessages(ChannelHandlerContext ctx, CloseCause why) {
    if (outputEnding) {
      return;
    }
    messages.stopTakingMessages();
    FrameDecoder decoder = ctx.pipeline().get(FrameDecoder.class);
    if (decoder != null) {
      decoder.discardFurtherInput();
    }
    halfCloseAfterReplies(ctx, why);
  }

  /** A reset on purpose, once the replies before it are written: SO_LINGER 0 makes the close an RST. */
  private void reset(ChannelHandlerContext ctx) {
    recordCause(CloseCause.FAULT);
    if (outputEnding) {
      return;
    }
    outputEnding = true;
    messages.stopTakingMessages();
    afterQueuedReplies(ctx).addListener(written -> {
      ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
      ctx.channel().close();
    });
  }

  /** Flushes every queued reply, then closes. */
  private void closeAfterReplies(ChannelHandlerContext ctx, CloseCause why) {
    recordCause(why);
    if (outputEnding) {
      if (why == CloseCause.PEER) {
        // The peer has finished too, but our FIN may still wait behind replies it has not taken
        // (it sent everything before reading): close once they are written, not over them.
        afterQueuedReplies(ctx).addListener(closed -> ctx.channel().close());
      } else {
        ctx.close();
      }
      return;
    }
    outputEnding = true;
    afterQueuedReplies(ctx).addListener(closed -> ctx.channel().close());
  }

  /** Flushes every queued reply, sends FIN, and keeps reading (and discarding) until the peer closes. */
  private void halfCloseAfterReplies(ChannelHandlerContext ctx, CloseCause why) {
    recordCause(why);
    if (outputEnding) {
      return;
    }
    outputEnding = true;
    DuplexChannel channel = (DuplexChannel) ctx.channel();
    channel.config().setAutoRead(true);
    afterQueuedReplies(ctx).addListener(done -> {
      if (channel.isInputShutdown()) {
        channel.close();
      } else {
        endOutput(ctx, channel);
      }
    });
  }

  /**
   * FIN; over TLS, a close_notify first, so that the peer knows the end of the replies is the end
   * and not a cut (TLS 1.3 lets the peer go on sending after it; what it sends is discarded).
   */
  private static void endOutput(ChannelHandlerContext ctx, DuplexChannel channel) {
    SslHandler ssl = ctx.pipeline().get(SslHandler.class);
    if (ssl == null) {
      channel.shutdownOutput();
    } else {
      ssl.closeOutbound().addListener(closeNotifySent -> channel.shutdownOutput());
    }
  }

  /** A future that completes once every reply made so far has been written, delayed ones included. */
  private ChannelFuture afterQueuedReplies(ChannelHandlerContext ctx) {
    return messages.afterReplies(ctx);
  }

  private void recordCause(CloseCause why) {
    if (cause == null) {
      cause = why;
    }
  }
}
