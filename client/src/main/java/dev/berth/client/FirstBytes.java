package dev.berth.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.util.Arrays;

/**
 * Keeps a copy of the first bytes a connection receives, before the framing decoder, so that an
 * error can say what the server sent when the framing did not fit ({@link FramingHint}). One per
 * connection; it steps out of the pipeline once it has its bytes.
 */
final class FirstBytes extends ChannelInboundHandlerAdapter {

  static final int KEPT = 8;
  private static final AttributeKey<FirstBytes> KEY = AttributeKey.valueOf(FirstBytes.class, "firstBytes");

  /** A new one, findable with {@link #of} from the channel it is added to. */
  static FirstBytes on(Channel channel) {
    FirstBytes first = new FirstBytes();
    channel.attr(KEY).set(first);
    return first;
  }

  /** What {@code channel} received first; none when it has no {@link FirstBytes}. */
  static byte[] of(Channel channel) {
    FirstBytes first = channel.attr(KEY).get();
    return first == null ? new byte[0] : first.bytes();
  }

  private final byte[] bytes = new byte[KEPT];
  private int count;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf) {
      ByteBuf in = (ByteBuf) msg;
      int n = Math.min(KEPT - count, in.readableBytes());
      in.getBytes(in.readerIndex(), bytes, count, n);
      count += n;
      if (count == KEPT) {
        ctx.pipeline().remove(this);
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** What was kept: up to {@link #KEPT} bytes, none if nothing arrived. */
  private byte[] bytes() {
    return Arrays.copyOf(bytes, count);
  }
}
