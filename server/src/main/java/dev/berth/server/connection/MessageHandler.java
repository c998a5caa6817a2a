package dev.berth.server.connection;

import dev.berth.config.FaultSettings;
import dev.berth.protocol.Line;
import dev.berth.protocol.WireBytes;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.faults.ConnectionFaults;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;
import java.util.function.Function;

/**
 * Answers each message ({@link Replies}: the mode) and sends the greeting. Replies are flushed
 * once per read batch rather than once per message, so pipelined messages leave in as few
 * syscalls as possible.
 *
 * <p>In echo mode the decoder is a relay ({@code LengthFrameRelay}, {@code LineFrameRelay}) that
 * hands over {@link WireBytes}: complete messages, framing included, which are the reply as they
 * are. They are written back untouched and counted by the number of messages they end.
 *
 * <p>Backpressure: while the channel is not writable (its outbound buffer is above the high
 * watermark because the peer is not reading), the handler stops reading, so a peer that sends
 * and never reads cannot grow the server's memory.
 *
 * <p>Faults on purpose ({@link ConnectionFaults}) act here, on each message and reply, with the
 * settings in effect when the message arrives: a reset at the first message, a stall after N
 * messages, a dropped message (counted as received, never answered), a delayed reply (scheduled,
 * holding no thread and nothing but its own buffer; replies stay in order), and a half-close or a
 * reset after the N-th reply (asked of the lifecycle handler with a {@link ConnectionFaults.End}
 * event). {@link #afterReplies} completes once every reply so far, delayed ones included, is
 * written: what a connection that ends waits for.
 *
 * <p>One instance per connection: it keeps how many messages the connection has sent, which a
 * drain asks (a connection that has sent none yet is given time for its first) and the {@code
 * info} mode reports.
 */
public final class MessageHandler extends ChannelInboundHandlerAdapter {

  private final Replies replies;
  private final Greeting greeting;
  private final ServerCounters counters;
  private final boolean countsMessages;
  private final boolean greetsWhenIdentified;
  private final ConnectionFaults faults;
  /** Complete messages received on this connection; reads, on a raw stream. */
  private long received;
  private boolean stopped;
  /** Stopped reading by --stall-after: only the end of the connection reads again. */
  private boolean stalled;
  /** Replies held back by --delay. */
  private final DelayedReplies delayed;

  /**
   * @param greeting sent once, or {@code null}
   * @param countsMessages whether each read is a message (not in raw framing, where reads are
   *     arbitrary chunks of a byte stream)
   * @param greetsWhenIdentified whether to wait for {@link ClientIdentified} (a PROXY header)
   *     before greeting, rather than greet on connect
   * @param faults the connection's faults on purpose
   */
  public MessageHandler(Replies replies, Greeting greeting, ServerCounters counters, boolean countsMessages,
      boolean greetsWhenIdentified, ConnectionFaults faults) {
    this.replies = replies;
    this.greeting = greeting;
    this.counters = counters;
    this.countsMessages = countsMessages;
    this.greetsWhenIdentified = greetsWhenIdentified;
    this.faults = faults;
    this.delayed = new DelayedReplies(counters);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!greetsWhenIdentified) {
      greet(ctx);
    }
    ctx.fireChannelActive();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ClientIdentified && greetsWhenIdentified) {
      greet(ctx);
    }
    ctx.fireUserEventTriggered(evt);
  }

  private void greet(ChannelHandlerContext ctx) {
    if (greeting != null) {
      ctx.writeAndFlush(Unpooled.wrappedBuffer(greeting.bytesFor(ctx.channel())));
      if (countsMessages) {
        counters.messageSent();
      }
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (stopped) {
      // Read on, and drop: closing with unread input would make the kernel send RST.
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof WireBytes) {
      // An echo relay's messages, framing included: they are their own reply.
      int messages = ((WireBytes) msg).messages();
      answer(ctx, messages, messages, (WireBytes) msg, reply -> reply);
    } else if (msg instanceof Line) {
      // The reply ends the way the line it answers ended.
      Line line = (Line) msg;
      answer(ctx, 1, 1, line.content(), line::replace);
    } else if (msg instanceof ByteBuf) {
      // On a raw stream a read is no message, but it is what arrived.
      answer(ctx, countsMessages ? 1 : 0, 1, (ByteBuf) msg, reply -> reply);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  /**
   * Answers {@code messages} messages (0 for a chunk of a raw stream, or a piece of a streamed
   * frame), whose ownership it takes: the mode's reply to {@code payload}, written as {@code frame}
   * makes it, unless a fault says otherwise.
   *
   * @param arrivals what this adds to the connection's count of what arrived: the messages, or 1
   *     for a chunk of a raw stream
   */
  private <T extends ReferenceCounted> void answer(ChannelHandlerContext ctx, int messages, int arrivals,
      T payload, Function<ByteBuf, Object> frame) {
    received += arrivals;
    counters.addMessagesReceived(messages);
    FaultSettings settings = faults.settings();
    if (settings.any() && arrivals > 0) {
      if (received == arrivals && faults.resetAtFirstMessage(settings)) {
        payload.release();
        end(ctx, ConnectionFaults.End.RESET);
        return;
      }
      if (faults.stallNow(settings, received)) {
        stall(ctx);
      }
      if (messages > 0 && faults.drop(settings)) {
        payload.release();
        return;
      }
    }
    Object reply = payload instanceof ByteBuf ? replyTo(ctx, (ByteBuf) payload, frame) : payload;
    if (reply == null) {
      return;
    }
    send(ctx, reply, messages, settings);
    if (messages > 0) {
      // Counted with faults off too: --close-after set by berth ctl counts the replies sent before it.
      end(ctx, faults.afterReply(settings));
    }
  }

  private Object replyTo(ChannelHandlerContext ctx, ByteBuf payload, Function<ByteBuf, Object> frame) {
    ByteBuf reply = replies.reply(ctx, payload, received);
    return reply == null ? null : frame.apply(reply);
  }

  /**
   * Writes {@code reply} (to {@code messages} messages) now, or when a --delay says, after every
   * reply before it; it counts as sent when it is written.
   */
  private void send(ChannelHandlerContext ctx, Object reply, int messages, FaultSettings settings) {
    long now = ctx.executor().ticker().nanoTime();
    long delay = faults.delayNanos(settings, now);
    if (delay == 0 && delayed.isEmpty()) {
      ctx.write(reply, ctx.voidPromise());
      counters.addMessagesSent(messages);
    } else {
      delayed.hold(ctx, reply, messages, now + delay, ctx.voidPromise());
    }
  }

  /** A connection that is gone sends nothing more: what is held is let go. */
  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    delayed.discard();
  }

  private void end(ChannelHandlerContext ctx, ConnectionFaults.End end) {
    if (end != ConnectionFaults.End.NONE) {
      ctx.fireUserEventTriggered(end);
    }
  }

  /** --stall-after: no more reading, whatever the peer sends, until the connection ends. */
  private void stall(ChannelHandlerContext ctx) {
    stalled = true;
    ctx.channel().config().setAutoRead(false);
  }

  /**
   * A future that completes once every reply so far is written, delayed ones included: an empty
   * marker written after them, through the encoder (which passes {@link WireBytes} as they are)
   * and anything that holds replies back on the way to the socket.
   */
  public ChannelFuture afterReplies(ChannelHandlerContext ctx) {
    ChannelHandlerContext own = ctx.pipeline().context(this);
    ChannelPromise written = own.newPromise();
    // A raw stream has no encoder to take the marker's bytes out of their wrapper.
    Object marker = countsMessages ? new WireBytes(Unpooled.EMPTY_BUFFER, 0) : Unpooled.EMPTY_BUFFER;
    if (delayed.isEmpty()) {
      own.writeAndFlush(marker, written);
    } else {
      delayed.hold(own, marker, 0, delayed.lastDueNanos(), written);
    }
    return written;
  }

  /**
   * Takes no message from now on: whatever still arrives is dropped (a drain; the decoder drops a
   * message it holds only in part).
   */
  public void stopTakingMessages() {
    stopped = true;
  }

  /** Whether the connection has sent a complete message (any bytes, on a raw stream). */
  public boolean hasReceived() {
    return received > 0;
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (!stalled) {
      ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }
}
