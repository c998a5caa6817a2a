package dev.berth.server.connection;

import dev.berth.protocol.MessageTransform;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/** How a connection answers a message: a mode's pure transform, or the {@code info} reply. */
@FunctionalInterface
public interface Replies {

  /**
   * The reply to {@code message}, whose ownership it takes, or {@code null} for none.
   *
   * @param number how many messages the connection has sent, this one included
   */
  ByteBuf reply(ChannelHandlerContext ctx, ByteBuf message, long number);

  /** Replies that are {@code transform} of each message. */
  static Replies of(MessageTransform transform) {
    return (ctx, message, number) -> transform.apply(message, ctx.alloc());
  }
}
