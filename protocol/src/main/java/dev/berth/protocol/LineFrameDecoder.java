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
 * than when the newline finally arrives.
 *
 * <p>Each message is the payload {@link ByteBuf}; a decoder made {@link #withTerminators} emits
 * {@link Line}s instead, which remember whether they ended in {@code \r\n}, so that a server's
 * reply ends the same way ({@link LineFrameEncoder} writes a {@code Line} with its terminator).
 */
public final class LineFrameDecoder extends FrameDecoder {

  private final int maxLine;
  private final boolean withTerminators;
  /** Bytes after the reader index already searched for a newline, so no byte is scanned twice. */
  private int scanned;

  /** A decoder that emits each line's payload as a {@link ByteBuf}, terminator dropped. */
  public LineFrameDecoder(int maxLine) {
    this(maxLine, false);
  }

  private LineFrameDecoder(int maxLine, boolean withTerminators) {
    if (maxLine <= 0) {
      throw new IllegalArgumentException("maxLine: " + maxLine + " (expected: > 0)");
    }
    this.maxLine = maxLine;
    this.withTerminators = withTerminators;
  }

  /** A decoder that emits each line as a {@link Line}, which says how it ended. */
  public static LineFrameDecoder withTerminators(int maxLine) {
    return new LineFrameDecoder(maxLine, true);
  }

  @Override
  protected Object decodeFrame(ByteBuf in) {
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
    ByteBuf line = in.readRetainedSlice(length);
    in.skipBytes(crLf ? 2 : 1);
    return withTerminators ? new Line(line, crLf) : line;
  }

  private ProtocolException tooLong(int seen) {
    return new ProtocolException(ProtocolException.Reason.LINE_TOO_LONG,
        "line longer than " + maxLine + " bytes (" + seen + " bytes without a newline)");
  }
}
