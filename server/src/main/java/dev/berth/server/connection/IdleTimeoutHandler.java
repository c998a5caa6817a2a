package dev.berth.server.connection;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Fires an {@link IdleStateEvent} when a connection has made no progress for the idle timeout,
 * and again every timeout after that while it still makes none.
 *
 * <p>Progress is a message in, or reply bytes taken by the peer. Bytes alone are not: the handler
 * sits behind the decoder, so on a framed port it sees whole messages only, and a peer that
 * trickles a byte every few seconds without ever finishing a message (slowloris) is idle. On a
 * raw port there is no decoder and every read counts, since bytes are all a raw stream has.
 * Replies count while they move: a peer slowly reading a large reply is not idle, a peer that
 * stopped reading is.
 */
public final class IdleTimeoutHandler extends ChannelInboundHandlerAdapter {

  private final long timeoutNanos;
  private long lastProgress;
  private int lastHead;
  private long lastPendingBytes;
  private long lastHeadProgress;
  private boolean firstEvent = true;
  private Future<?> check;

  public IdleTimeoutHandler(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
    }
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    lastProgress = now(ctx);
    scheduleCheck(ctx, timeoutNanos);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancelCheck();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelCheck();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastProgress = now(ctx);
    firstEvent = true;
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.fireChannelReadComplete();
    // The replies to this read are flushed by now: note where the output stands, so the next
    // check can tell whether the peer has taken any of them since.
    outputMovedSinceLastLook(ctx);
  }

  private void checkIdle(ChannelHandlerContext ctx) {
    if (!ctx.channel().isOpen()) {
      return;
    }
    long now = now(ctx);
    if (outputMovedSinceLastLook(ctx)) {
      lastProgress = now;
      firstEvent = true;
    }
    long idleFor = now - lastProgress;
    if (idleFor < timeoutNanos) {
      scheduleCheck(ctx, timeoutNanos - idleFor);
      return;
    }
    lastProgress = now;
    scheduleCheck(ctx, timeoutNanos);
    IdleStateEvent event =
        firstEvent ? IdleStateEvent.FIRST_ALL_IDLE_STATE_EVENT : IdleStateEvent.ALL_IDLE_STATE_EVENT;
    firstEvent = false;
    ctx.fireUserEventTriggered(event);
  }

  /**
   * Whether the peer took reply bytes since the last look: the reply then at the head of the
   * queue was written (another head now, or fewer bytes waiting), or more of it was. Replies
   * newly queued behind it are not progress. Objects are compared by identity hash, so that no
   * reference to a buffer outlives its write.
   */
  private boolean outputMovedSinceLastLook(ChannelHandlerContext ctx) {
    ChannelOutboundBuffer output = ctx.channel().unsafe().outboundBuffer();
    if (output == null) {
      return false;
    }
    int head = System.identityHashCode(output.current());
    long pendingBytes = output.totalPendingWriteBytes();
    long headProgress = output.currentProgress();
    boolean moved = lastHead != 0
        && (head != lastHead || pendingBytes < lastPendingBytes || headProgress != lastHeadProgress);
    lastHead = head;
    lastPendingBytes = pendingBytes;
    lastHeadProgress = headProgress;
    return moved;
  }

  private void scheduleCheck(ChannelHandlerContext ctx, long delayNanos) {
    check = ctx.executor().schedule(() -> checkIdle(ctx), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void cancelCheck() {
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }

  private static long now(ChannelHandlerContext ctx) {
    return ctx.executor().ticker().nanoTime();
  }
}
