package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import java.util.function.BooleanSupplier;

/**
 * The length-framing decoder of echo mode: it checks the frames but does not take them apart.
 * An echo's reply is byte for byte the frame it answers, so the relay passes on the frames' wire
 * bytes, header included, as {@link WireBytes}: every complete frame in a read at once, in one
 * buffer (the read's own, or one copy of it where the read was short; see {@link WireBytes#take}).
 *
 * <pre>
 * in:   | N=12  a b c d | N=10  e f | N=9  g |          one read, three frames
 * out:  WireBytes(| N=12  a b c d | N=10  e f | N=9  g |, messages = 3)
 * </pre>
 *
 * <p>A frame whose payload is within {@code maxFrame} is passed on once it is complete, as {@link
 * LengthFrameDecoder} would: a frame cut off by the peer's FIN is dropped and reported as {@link
 * ProtocolException.Reason#TRUNCATED}. A frame over {@code maxFrame}, which no other mode could
 * buffer, is <em>streamed</em>: its header and each piece of its payload are passed on as they
 * arrive, so an echo holds no more of it than one read, whatever its size (up to {@link
 * LengthFrameDecoder#MAX_LENGTH}, 2<sup>48</sup> bytes). Its bytes count as one message, with its
 * last piece.
 *
 * <pre>
 * in:   | N=4 GiB  x x x x  |  x x x ... x x  |  x x x  | N=10 e f |
 * out:  WireBytes(0 msgs)   WireBytes(0 msgs)   WireBytes(| x x x | N=10 e f |, messages = 2)
 * </pre>
 *
 * <p>N below 8 or above 2<sup>48</sup> is still {@link ProtocolException.Reason#BAD_LENGTH}, as in
 * {@link LengthFrameDecoder}: eight bytes of text (a line client on this port), HTTP or TLS read as
 * a header are refused, never streamed back. The frames before the bad one are passed on first.
 */
public final class LengthFrameRelay extends FrameDecoder {

  private static final int HEADER_BYTES = LengthFrameDecoder.HEADER_BYTES;

  private final long maxFrame;
  private final BooleanSupplier oneAtATime;
  /** Payload bytes of the streamed frame still to come; 0 when no frame is streaming. */
  private long streamRemaining;

  public LengthFrameRelay(long maxFrame) {
    this(maxFrame, () -> false);
  }

  /**
   * @param oneAtATime asked before each piece: whether to pass on at most one complete frame in
   *     it, for a server that must act on each message by itself (faults on purpose)
   */
  public LengthFrameRelay(long maxFrame, BooleanSupplier oneAtATime) {
    if (maxFrame < 0 || maxFrame > LengthFrameDecoder.MAX_BUFFERED_FRAME) {
      throw new IllegalArgumentException(
          "maxFrame: " + maxFrame + " (expected: 0.." + LengthFrameDecoder.MAX_BUFFERED_FRAME + ")");
    }
    this.maxFrame = maxFrame;
    this.oneAtATime = oneAtATime;
  }

  @Override
  protected WireBytes decodeFrame(ByteBuf in) {
    int start = in.readerIndex();
    int end = in.writerIndex();
    int position = start;
    int messages = 0;
    int most = oneAtATime.getAsBoolean() ? 1 : Integer.MAX_VALUE;
    if (streamRemaining != 0) {
      position += stream(end - position);
      if (streamRemaining == 0) {
        messages++;
      }
    }
    while (streamRemaining == 0 && end - position >= HEADER_BYTES && messages < most) {
      ProtocolException badLength = LengthFrameDecoder.badLength(in, position);
      if (badLength != null) {
        if (position == start) {
          throw badLength;
        }
        break; // pass on the frames before it; the next call fails
      }
      long length = in.getLong(position);
      if (length - HEADER_BYTES <= maxFrame) {
        if (end - position < length) {
          break; // an ordinary frame is passed on whole, once it is complete
        }
        position += (int) length;
        messages++;
        continue;
      }
      streamRemaining = length - HEADER_BYTES;
      position += HEADER_BYTES;
      position += stream(end - position);
      if (streamRemaining == 0) {
        messages++;
      }
    }
    if (position == start) {
      return null;
    }
    return WireBytes.take(in, position - start, messages);
  }

  /** Takes up to {@code available} bytes of the streamed frame; returns how many it took. */
  private int stream(int available) {
    int taken = (int) Math.min(streamRemaining, available);
    streamRemaining -= taken;
    return taken;
  }

  @Override
  protected boolean isInsideStreamedMessage() {
    return streamRemaining != 0;
  }
}
