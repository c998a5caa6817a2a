package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * The shared behaviour of berth's decoders: one message per {@link #decodeFrame} call, and after
 * the first protocol error every further byte is discarded, so nothing past the bad message is
 * ever answered while the connection is half-closed and drained.
 *
 * <p>A message is usually a payload {@link ByteBuf} (or a {@link Line}); the echo relays ({@link
 * LengthFrameRelay}, {@link LineFrameRelay}) emit {@link WireBytes} instead, several frames at a
 * time.
 */
public abstract class FrameDecoder extends ByteToMessageDecoder {

  private boolean failed;

  /** Returns the next complete message's payload, or {@code null} if more bytes are needed. */
  protected abstract Object decodeFrame(ByteBuf in);

  /**
   * Whether a message has begun that {@link #decodeFrame} already passed on in part (a streamed
   * frame), so the input ending now ends it early even when no byte is left unread.
   */
  protected boolean isInsideStreamedMessage() {
    return false;
  }

  @Override
  protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    Object frame;
    try {
      frame = decodeFrame(in);
    } catch (ProtocolException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      throw e;
    }
    if (frame != null) {
      out.add(frame);
    }
  }

  @Override
  protected final void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    // Every complete message has been decoded by now; what is left is an unfinished one.
    if (in.isReadable() || isInsideStreamedMessage()) {
      int dropped = in.readableBytes();
      in.skipBytes(dropped);
      if (!failed) {
        failed = true;
        throw new ProtocolException(ProtocolException.Reason.TRUNCATED, isInsideStreamedMessage()
            ? "connection ended in the middle of a streamed message"
            : "connection ended in the middle of a message (" + dropped + " bytes dropped)");
      }
    }
  }

  /** Whether this decoder has rejected its input and now discards it. */
  public boolean hasFailed() {
    return failed;
  }

  /** Bytes received and held until they complete a message. */
  public int bufferedBytes() {
    return actualReadableBytes();
  }

  /** Whether part of a message has arrived and the rest is awaited. */
  public boolean hasPartialMessage() {
    return actualReadableBytes() > 0 || isInsideStreamedMessage();
  }

  /**
   * Drops a partly received message and every byte that arrives from now on, without an error:
   * for a server that stops taking messages (a drain), where the peer will send them again.
   */
  public void discardFurtherInput() {
    failed = true;
    if (actualReadableBytes() > 0) {
      internalBuffer().skipBytes(actualReadableBytes());
    }
  }
}
