package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;
import java.util.function.BooleanSupplier;

/**
 * The line-framing decoder of echo mode: it checks the lines but does not take them apart. An
 * echo's reply to a line is the line with the same terminator, byte for byte what came in, so
 * the relay passes on the complete lines of each read, terminators included, as {@link
 * WireBytes}, in one buffer (the read's own, or one copy of it where the read was short; see
 * {@link WireBytes#take}).
 *
 * <pre>
 * in:   | h e l l o \n | w o r l d \r \n | p a r t
 * out:  WireBytes(| h e l l o \n w o r l d \r \n |, messages = 2)   (waits for the rest of "part")
 * </pre>
 *
 * <p>The limits are those of {@link LineFrameDecoder}: a line longer than {@code maxLine} bytes
 * (terminator excluded) is {@link ProtocolException.Reason#LINE_TOO_LONG} as soon as the limit is
 * passed, after the lines before it have been passed on; a line cut off by the peer's FIN is
 * {@link ProtocolException.Reason#TRUNCATED} and dropped.
 */
public final class LineFrameRelay extends FrameDecoder {

  private final int maxLine;
  private final BooleanSupplier oneAtATime;
  /** Bytes after the reader index already searched for a newline, so no byte is scanned twice. */
  private int scanned;

  public LineFrameRelay(int maxLine) {
    this(maxLine, () -> false);
  }

  /**
   * @param oneAtATime asked before each piece: whether to pass on at most one line in it, for a
   *     server that must act on each message by itself (faults on purpose)
   */
  public LineFrameRelay(int maxLine, BooleanSupplier oneAtATime) {
    if (maxLine <= 0) {
      throw new IllegalArgumentException("maxLine: " + maxLine + " (expected: > 0)");
    }
    this.maxLine = maxLine;
    this.oneAtATime = oneAtATime;
  }

  @Override
  protected WireBytes decodeFrame(ByteBuf in) {
    int start = in.readerIndex();
    int end = in.writerIndex();
    int position = start;
    int messages = 0;
    int most = oneAtATime.getAsBoolean() ? 1 : Integer.MAX_VALUE;
    int from = start + scanned;
    scanned = 0;
    while (messages < most) {
      int newline = in.forEachByte(from, end - from, ByteProcessor.FIND_LF);
      if (newline < 0) {
        int partial = end - position;
        // One byte over the limit is still fine when it is the '\r' of a coming "\r\n".
        if (partial > maxLine && !(partial == maxLine + 1 && in.getByte(end - 1) == '\r')) {
          if (position == start) {
            throw tooLong(partial);
          }
          break; // pass on the lines before it; the next call fails
        }
        scanned = partial;
        break;
      }
      int length = newline - position;
      if (length > 0 && in.getByte(newline - 1) == '\r') {
        length--;
      }
      if (length > maxLine) {
        if (position == start) {
          throw tooLong(length);
        }
        break;
      }
      position = newline + 1;
      from = position;
      messages++;
    }
    if (position == start) {
      return null;
    }
    return WireBytes.take(in, position - start, messages);
  }

  private ProtocolException tooLong(int seen) {
    return new ProtocolException(ProtocolException.Reason.LINE_TOO_LONG,
        "line longer than " + maxLine + " bytes (" + seen + " bytes without a newline)");
  }
}
