package dev.berth.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Splits a byte stream into length-prefixed messages.
 *
 * <pre>
 *  0               8                      N
 * +----------------+----------------------+
 * | N (u64, BE)    | payload (N - 8 bytes) |
 * +----------------+----------------------+
 * </pre>
 *
 * N counts its own eight bytes, so the empty message is {@code 00 00 00 00 00 00 00 08}. N below
 * 8 is {@link ProtocolException.Reason#BAD_LENGTH}; a payload over {@code maxFrame} is {@link
 * ProtocolException.Reason#FRAME_TOO_LONG}, raised from the header alone, before any buffer of
 * that size exists. When the header is really the start of an HTTP request, a TLS ClientHello or
 * an SSH banner, the error says so.
 */
public final class LengthFrameDecoder extends FrameDecoder {

  /** Size of the length field. */
  public static final int HEADER_BYTES = 8;
  /** The largest payload one buffer can hold. */
  public static final long MAX_BUFFERED_FRAME = Integer.MAX_VALUE - HEADER_BYTES;

  private final long maxFrame;

  public LengthFrameDecoder(long maxFrame) {
    if (maxFrame < 0 || maxFrame > MAX_BUFFERED_FRAME) {
      throw new IllegalArgumentException(
          "maxFrame: " + maxFrame + " (expected: 0.." + MAX_BUFFERED_FRAME + ")");
    }
    this.maxFrame = maxFrame;
  }

  @Override
  protected ByteBuf decodeFrame(ByteBuf in) {
    if (in.readableBytes() < HEADER_BYTES) {
      return null;
    }
    int start = in.readerIndex();
    long length = in.getLong(start);
    if (length >= 0 && length < HEADER_BYTES) {
      throw new ProtocolException(ProtocolException.Reason.BAD_LENGTH,
          "length " + length + " is below 8 (the length counts its own 8 bytes)");
    }
    // Unsigned: a length with the top bit set is above 2^63 and therefore over any limit.
    if (length < 0 || length - HEADER_BYTES > maxFrame) {
      throw new ProtocolException(ProtocolException.Reason.FRAME_TOO_LONG,
          "length " + Long.toUnsignedString(length) + " is over the frame limit of " + maxFrame
              + " bytes" + ForeignProtocol.describe(in, start));
    }
    if (in.readableBytes() < length) {
      return null;
    }
    in.skipBytes(HEADER_BYTES);
    return in.readRetainedSlice((int) (length - HEADER_BYTES));
  }
}
