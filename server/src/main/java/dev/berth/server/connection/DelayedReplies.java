package dev.berth.server.connection;

import dev.berth.server.counters.ServerCounters;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The replies of one connection that {@code --delay} holds back, in the order they were made,
 * each with when it is due: a reply leaves when it is due and every reply before it has left, so
 * replies stay in order. Each is one scheduled task's worth of state and its own buffer; no
 * thread waits. Runs on the connection's event loop.
 */
final class DelayedReplies {

  private record Delayed(Object reply, int messages, long dueNanos, ChannelPromise promise) {}

  private final ArrayDeque<Delayed> held = new ArrayDeque<>();
  private final ServerCounters counters;

  DelayedReplies(ServerCounters counters) {
    this.counters = counters;
  }

  boolean isEmpty() {
    return held.isEmpty();
  }

  /** When the last held reply is due; only when not {@link #isEmpty()}. */
  long lastDueNanos() {
    return held.peekLast().dueNanos();
  }

  /**
   * Holds {@code reply} (to {@code messages} messages, counted as sent when it is written) until
   * {@code dueNanos} and every reply before it.
   */
  void hold(ChannelHandlerContext ctx, Object reply, int messages, long dueNanos, ChannelPromise promise) {
    Delayed last = held.peekLast();
    long due = last == null ? dueNanos : Math.max(dueNanos, last.dueNanos());
    held.add(new Delayed(reply, messages, due, promise));
    if (held.size() == 1) {
      releaseLater(ctx);
    }
  }

  private void releaseLater(ChannelHandlerContext ctx) {
    long wait = held.peek().dueNanos() - ctx.executor().ticker().nanoTime();
    ctx.executor().schedule(() -> release(ctx), Math.max(0, wait), TimeUnit.NANOSECONDS);
  }

  /** Writes the held replies that are due, in order, and waits for the next. */
  private void release(ChannelHandlerContext ctx) {
    long now = ctx.executor().ticker().nanoTime();
    while (!held.isEmpty() && held.peek().dueNanos() - now <= 0) {
      Delayed due = held.poll();
      ctx.write(due.reply(), due.promise());
      counters.addMessagesSent(due.messages());
    }
    ctx.flush();
    if (!held.isEmpty()) {
      releaseLater(ctx);
    }
  }

  /** A connection that is gone sends nothing more: what is held is let go. */
  void discard() {
    for (Delayed reply; (reply = held.poll()) != null; ) {
      ReferenceCountUtil.release(reply.reply());
      reply.promise().tryFailure(new IllegalStateException("connection closed before the delayed reply"));
    }
  }
}
