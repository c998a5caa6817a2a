package dev.berth.server.faults;

import dev.berth.server.counters.FaultKind;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * {@code --throttle RATE}: sends a connection at most RATE bytes a second, on the wire (after the
 * encoder, so a large reply leaves in pieces over time, not all at once after a wait). A token
 * bucket that holds a twentieth of a second's worth: writes wait in order, a write bigger than
 * what the bucket holds leaves in slices, and each one's promise completes when its last byte is
 * handed to the socket. With the rate at 0 (off) a write passes through untouched; a change of
 * the rate applies from the next write.
 */
public final class Throttle extends ChannelOutboundHandlerAdapter {

  /** How often the bucket is looked at while writes wait. */
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final ConnectionFaults faults;
  private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
  private long tokens;
  private long refilledAt;
  private ScheduledFuture<?> next;

  private record Pending(Object message, ChannelPromise promise) {}

  public Throttle(ConnectionFaults faults) {
    this.faults = faults;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (waiting.isEmpty() && faults.settings().throttle() == 0) {
      ctx.write(msg, promise);
      return;
    }
    waiting.add(new Pending(msg, promise));
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (waiting.isEmpty()) {
      ctx.flush();
    } else {
      drain(ctx);
    }
  }

  /** Writes what the bucket allows; comes back later for the rest. */
  private void drain(ChannelHandlerContext ctx) {
    next = null;
    long rate = faults.settings().throttle();
    long now = ctx.executor().ticker().nanoTime();
    if (rate > 0) {
      long capacity = Math.max(1, rate / 20);
      tokens = Math.min(capacity, tokens + (refilledAt == 0 ? capacity : (now - refilledAt) * rate / 1_000_000_000L));
    }
    refilledAt = now;
    boolean held = false;
    while (!waiting.isEmpty()) {
      Pending head = waiting.peek();
      int size = head.message() instanceof ByteBuf ? ((ByteBuf) head.message()).readableBytes() : 0;
      if (rate == 0 || size <= tokens) {
        waiting.poll();
        tokens -= rate == 0 ? 0 : size;
        ctx.write(head.message(), head.promise());
      } else if (tokens > 0) {
        ctx.write(((ByteBuf) head.message()).readRetainedSlice((int) tokens), ctx.voidPromise());
        tokens = 0;
        held = true;
        break;
      } else {
        held = true;
        break;
      }
    }
    ctx.flush();
    if (held) {
      faults.injected(FaultKind.THROTTLE);
      next = ctx.executor().schedule(() -> drain(ctx), TICK_NANOS, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    discardWaiting();
    ctx.close(promise);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    discardWaiting();
  }

  /** A closing connection sends nothing more: what waits is released, its writes failed. */
  private void discardWaiting() {
    if (next != null) {
      next.cancel(false);
      next = null;
    }
    for (Pending pending; (pending = waiting.poll()) != null; ) {
      ReferenceCountUtil.release(pending.message());
      pending.promise().tryFailure(new IllegalStateException("connection closed while throttled"));
    }
  }
}
