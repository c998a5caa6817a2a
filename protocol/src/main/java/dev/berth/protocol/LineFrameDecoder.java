package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Splits a byte stream into lines.
 *
 * <pre>
 * in:   | h e l l o \n | w o r l d \r \n | p a r t
 * out:  | h e l l o |    | w o r l d |      (waits for the rest of "part")
 * </pre>
 *
 * A line longer than {@code maxLine} bytes (terminator excluded) is a {@link
 * ProtocolException.Reason#LINE_TOO_LONG} error, raised as soon as the limit is passed rather
 * than when the newline finally arrives. The decoder remembers whether the last line ended in
 * {@code \r\n} so that {@link LineFrameEncoder} can end the reply the same way.
 */
public final class LineFrameDecoder extends FrameDecoder {

  private final int maxLine;
  /** Bytes after the reader index already searched for a newline, so no byte is scanned twice. */
  private int scanned;
  private boolean lastEndedWithCrLf;

  public LineFrameDecoder(int maxLine) {
    if (maxLine <= 0) {
      throw new IllegalArgumentException("maxLine: " + maxLine + " (expected: > 0)");
    }
    this.maxLine = maxLine;
  }

  @Override
  protected ByteBuf decodeFrame(ByteBuf in) {
    int start = in.readerIndex();
    int newline = in.forEachByte(start + scanned, in.readableBytes() - scanned, ByteProcessor.FIND_LF);
    if (newline < 0) {
      scanned = in.readableBytes();
      // One byte over the limit is still fine when it is the '\r' of a coming "\r\n".
      if (scanned > maxLine
          && !(scanned == maxLine + 1 && in.getByte(in.writerIndex() - 1) == '\r')) {
        throw tooLong(scanned);
      }
      return null;
    }
    scanned = 0;
    int length = newline - start;
    boolean crLf = length > 0 && in.getByte(newline - 1) == '\r';
    if (crLf) {
      length--;
    }
    if (length > maxLine) {
      throw tooLong(length);
    }
    lastEndedWithCrLf = crLf;
    ByteBuf line = in.readRetainedSlice(length);
    in.skipBytes(crLf ? 2 : 1);
    return line;
  }

  /** Whether the most recently decoded line ended in {@code \r\n} rather than {@code \n}. */
  public boolean lastEndedWithCrLf() {
    return lastEndedWithCrLf;
  }

  private ProtocolException tooLong(int seen) {
    return new ProtocolException(ProtocolException.Reason.LINE_TOO_LONG,
        "line longer than " + maxLine + " bytes (" + seen + " bytes without a newline)");
  }
}
