package dev.berth.server.udp;

import dev.berth.config.FaultSettings;
import dev.berth.config.ListenerConfig;
import dev.berth.protocol.Mode;
import dev.berth.server.connection.InfoReplies;
import dev.berth.server.connection.Replies;
import dev.berth.server.counters.FaultKind;
import dev.berth.server.counters.ServerCounters;
import dev.berth.server.faults.ConnectionFaults;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Promise;
import java.util.concurrent.TimeUnit;

/**
 * Answers the datagrams of one UDP socket: each is a message, and the reply goes to its source.
 * Metrics count datagrams as messages and their payload bytes. The faults that make sense for
 * datagrams apply (drop, delay, throttle); those about connections do not.
 */
final class DatagramHandler extends ChannelInboundHandlerAdapter {

  private final ListenerConfig listener;
  private final String instanceId;
  private final Replies transform;
  private final ServerCounters counters;
  private final ConnectionFaults faults;
  /** Whether the reply is made from the text (reverse, hello): then a trailing newline stays where it is. */
  private final boolean transformsText;
  private final ThrottleClock throttle;
  /** Replies scheduled (delayed or throttled) and not yet sent. */
  private int held;
  private Promise<Void> drained;

  DatagramHandler(ListenerConfig listener, String instanceId, ServerCounters counters, ConnectionFaults faults) {
    this.listener = listener;
    this.instanceId = instanceId;
    this.transform = listener.mode() == Mode.INFO ? null : Replies.of(listener.mode().transform());
    this.transformsText = listener.mode() == Mode.REVERSE || listener.mode() == Mode.HELLO;
    this.counters = counters;
    this.faults = faults;
    this.throttle = new ThrottleClock();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    DatagramPacket datagram = (DatagramPacket) msg;
    ByteBuf payload = datagram.content();
    counters.messageReceived();
    counters.bytesReceived(payload.readableBytes());
    FaultSettings settings = faults.settings();
    if (settings.any() && faults.drop(settings)) {
      datagram.release();
      return;
    }
    ByteBuf reply = transform != null
        ? lineAware(ctx, payload)
        : InfoReplies.datagramReply(ctx, instanceId, listener.name(), datagram.sender(), payload);
    if (reply == null) {
      return;
    }
    counters.messageSent();
    counters.bytesSent(reply.readableBytes());
    DatagramPacket answer = new DatagramPacket(reply, datagram.sender());
    long now = ctx.executor().ticker().nanoTime();
    long wait = Math.max(faults.delayNanos(settings, now), throttle.waitNanos(settings, now, reply.readableBytes()));
    if (wait == 0) {
      ctx.write(answer, ctx.voidPromise());
      return;
    }
    held++;
    ctx.executor().schedule(() -> {
      held--;
      ctx.writeAndFlush(answer, ctx.voidPromise());
      finishDrainIfDone();
    }, wait, TimeUnit.NANOSECONDS);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
    ctx.fireChannelReadComplete();
  }

  /**
   * The drain of this socket: it stops reading, and the returned promise completes once every
   * datagram already read is answered (held replies included); the caller then closes it. Runs
   * on the socket's event loop.
   */
  Promise<Void> drain(ChannelHandlerContext ctx) {
    ctx.channel().config().setAutoRead(false);
    ctx.flush();
    drained = ctx.executor().newPromise();
    finishDrainIfDone();
    return drained;
  }

  private void finishDrainIfDone() {
    if (drained != null && held == 0) {
      drained.trySuccess(null);
    }
  }

  /**
   * The mode's reply to {@code payload} (whose ownership it takes). A datagram that ends in a
   * newline ({@code \n} or {@code \r\n}, as {@code echo | nc -u} sends) keeps it at the end of
   * the reply: {@code stressed\n} reversed is {@code desserts\n}, as on a line-framed listener.
   */
  private ByteBuf lineAware(ChannelHandlerContext ctx, ByteBuf payload) {
    int length = payload.readableBytes();
    int end = payload.readerIndex() + length;
    int terminator = length > 0 && payload.getByte(end - 1) == '\n'
        ? (length > 1 && payload.getByte(end - 2) == '\r' ? 2 : 1) : 0;
    if (terminator == 0 || !transformsText) {
      return transform.reply(ctx, payload, 1);
    }
    ByteBuf newline = payload.retainedSlice(end - terminator, terminator);
    ByteBuf reply = transform.reply(ctx, payload.retainedSlice(payload.readerIndex(), length - terminator), 1);
    payload.release();
    if (reply == null) {
      newline.release();
      return null;
    }
    return ctx.alloc().compositeBuffer(2).addComponents(true, reply, newline);
  }

  /** --throttle for datagrams: each reply leaves once the ones before it have used up their share of the rate. */
  private final class ThrottleClock {
    private long freeAtNanos;

    long waitNanos(FaultSettings settings, long now, int bytes) {
      long rate = settings.throttle();
      if (rate == 0) {
        return 0;
      }
      long start = Math.max(now, freeAtNanos);
      freeAtNanos = start + bytes * 1_000_000_000L / rate;
      if (start > now) {
        faults.injected(FaultKind.THROTTLE);
      }
      return start - now;
    }
  }
}
