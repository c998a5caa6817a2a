package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A mode's reply to one message, as a pure function of the message's payload bytes.
 *
 * <p>The transform takes ownership of {@code message}: it either returns it (possibly the same
 * buffer) or releases it.
 */
@FunctionalInterface
public interface MessageTransform {

  /** Returns the reply to {@code message}, or {@code null} when there is none. */
  ByteBuf apply(ByteBuf message, ByteBufAllocator alloc);
}
