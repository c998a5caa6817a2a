package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * Bytes exactly as they are on the wire, framing included: whole messages, or a piece of one
 * streamed message, as an echo relay ({@link LengthFrameRelay}, {@link LineFrameRelay}) passes
 * them on. An echo's reply to them is the same bytes, so the encoders send them as they are
 * rather than framing them again.
 *
 * <pre>
 * in:    | 00..0b  h i j k | 00..0a  l m | 00..0c  n o |
 * out:   WireBytes( 00..0b h i j k 00..0a l m , messages = 2 )   (the third is not complete yet)
 * </pre>
 *
 * <p>{@link #messages()} counts the messages that end in these bytes, so a long message streamed
 * in many pieces counts once, with its last piece.
 */
public final class WireBytes extends DefaultByteBufHolder {

  private final int messages;

  /** Takes ownership of {@code content}, which holds the ends of {@code messages} messages. */
  public WireBytes(ByteBuf content, int messages) {
    super(content);
    if (messages < 0) {
      throw new IllegalArgumentException("messages: " + messages + " (expected: >= 0)");
    }
    this.messages = messages;
  }

  /**
   * The next {@code length} bytes of {@code in}, which hold the ends of {@code messages} messages.
   * A slice where they are at least three quarters of the buffer they are in; a copy where they
   * are less (a short read into a large read buffer), which a slice would keep alive in full while
   * the reply waits on a peer that does not read. So the memory a relayed reply holds is at most a
   * third more than its bytes, and the backpressure bound holds for relays too.
   */
  public static WireBytes take(ByteBuf in, int length, int messages) {
    if (length >= in.capacity() - in.capacity() / 4) {
      return new WireBytes(in.readRetainedSlice(length), messages);
    }
    ByteBuf copy = in.alloc().ioBuffer(length);
    in.getBytes(in.readerIndex(), copy, 0, length);
    in.skipBytes(length);
    return new WireBytes(copy.writerIndex(length), messages);
  }

  /** How many messages end in these bytes. */
  public int messages() {
    return messages;
  }

  @Override
  public WireBytes replace(ByteBuf content) {
    return new WireBytes(content, messages);
  }

  @Override
  public WireBytes retain() {
    super.retain();
    return this;
  }

  @Override
  public WireBytes retain(int increment) {
    super.retain(increment);
    return this;
  }

  @Override
  public WireBytes touch() {
    super.touch();
    return this;
  }

  @Override
  public WireBytes touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return "WireBytes(" + content().readableBytes() + " bytes, " + messages + " messages)";
  }
}
