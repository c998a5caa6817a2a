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
 * 8 or above {@link #MAX_LENGTH} (2<sup>48</sup>) is {@link ProtocolException.Reason#BAD_LENGTH}
 * whatever the frame limit: no real frame is that large, and eight bytes of text read as a length
 * always are, so the error then says what the bytes look like ("looks like text on a
 * length-framed port", or HTTP, SSH, a TLS ClientHello, a PROXY protocol header). A payload over
 * {@code maxFrame} is {@link ProtocolException.Reason#FRAME_TOO_LONG}. Both are raised from the
 * header alone, before any buffer of that size exists.
 */
public final class LengthFrameDecoder extends FrameDecoder {

  /** Size of the length field. */
  public static final int HEADER_BYTES = 8;
  /** The largest payload one buffer can hold. */
  public static final long MAX_BUFFERED_FRAME = Integer.MAX_VALUE - HEADER_BYTES;
  /** The largest length N a header may have, 2<sup>48</sup>: above it, N is a bad length in every mode. */
  public static final long MAX_LENGTH = 1L << 48;

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
    ProtocolException badLength = badLength(in, start);
    if (badLength != null) {
      throw badLength;
    }
    long length = in.getLong(start);
    if (length - HEADER_BYTES > maxFrame) {
      throw new ProtocolException(ProtocolException.Reason.FRAME_TOO_LONG,
          "length " + length + " is over the frame limit of " + maxFrame + " bytes");
    }
    if (in.readableBytes() < length) {
      return null;
    }
    in.skipBytes(HEADER_BYTES);
    return in.readRetainedSlice((int) (length - HEADER_BYTES));
  }

  /**
   * The error for the header at {@code at} when no frame can have its length, whatever the frame
   * limit: below 8, or above {@link #MAX_LENGTH} (read unsigned); {@code null} when it is a length
   * a frame can have. Shared with {@link LengthFrameRelay}, so that every mode refuses the same
   * headers the same way.
   */
  static ProtocolException badLength(ByteBuf in, int at) {
    long length = in.getLong(at);
    if (length >= 0 && length < HEADER_BYTES) {
      return new ProtocolException(ProtocolException.Reason.BAD_LENGTH,
          "length " + length + " is below 8 (the length counts its own 8 bytes)");
    }
    if (Long.compareUnsigned(length, MAX_LENGTH) > 0) {
      return new ProtocolException(ProtocolException.Reason.BAD_LENGTH,
          "length " + Long.toUnsignedString(length) + " is above 2^48, more than any real frame",
          ForeignProtocol.onLengthFramedPort(in, at));
    }
    return null;
  }
}
