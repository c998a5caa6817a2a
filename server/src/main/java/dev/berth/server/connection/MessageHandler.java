package dev.berth.server.connection;

import dev.berth.protocol.Line;
import dev.berth.protocol.WireBytes;
import dev.berth.server.counters.ServerCounters;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
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
  /** Complete messages received on this connection; reads, on a raw stream. */
  private long received;
  private boolean stopped;

  /**
   * @param greeting sent once, or {@code null}
   * @param countsMessages whether each read is a message (not in raw framing, where reads are
   *     arbitrary chunks of a byte stream)
   * @param greetsWhenIdentified whether to wait for {@link ClientIdentified} (a PROXY header)
   *     before greeting, rather than greet on connect
   */
  public MessageHandler(Replies replies, Greeting greeting, ServerCounters counters, boolean countsMessages,
      boolean greetsWhenIdentified) {
    this.replies = replies;
    this.greeting = greeting;
    this.counters = counters;
    this.countsMessages = countsMessages;
    this.greetsWhenIdentified = greetsWhenIdentified;
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
      int messages = ((WireBytes) msg).messages();
      received += messages;
      counters.addMessagesReceived(messages);
      ctx.write(msg, ctx.voidPromise());
      counters.addMessagesSent(messages);
    } else if (msg instanceof Line) {
      // The reply ends the way the line it answers ended.
      Line line = (Line) msg;
      answer(ctx, line.content(), line::replace);
    } else if (msg instanceof ByteBuf) {
      answer(ctx, (ByteBuf) msg, reply -> reply);
    } else {
      ctx.fireChannelRead(msg);
    }
  }

  /** Makes the reply to {@code payload}, whose ownership it takes, and writes what {@code frame} makes of it. */
  private void answer(ChannelHandlerContext ctx, ByteBuf payload, Function<ByteBuf, Object> frame) {
    received++;
    if (countsMessages) {
      counters.messageReceived();
    }
    ByteBuf reply = replies.reply(ctx, payload, received);
    if (reply != null) {
      ctx.write(frame.apply(reply), ctx.voidPromise());
      if (countsMessages) {
        counters.messageSent();
      }
    }
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
    ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    ctx.fireChannelWritabilityChanged();
  }
}
