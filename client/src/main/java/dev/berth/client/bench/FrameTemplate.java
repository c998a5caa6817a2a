package dev.berth.client.bench;

import dev.berth.protocol.Framing;
import dev.berth.protocol.LengthFrameDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The exact bytes of one bench message on the wire, framing included. An echo server sends the
 * same bytes back, so the reply stream is checked against the request stream byte for byte.
 *
 * <pre>
 * length: | N = size + 8 (u64, BE) | seq (hex) | filler ... |
 * line:   | seq (hex) | filler ... | \n |
 * raw:    | seq (hex) | filler ... |
 *           &lt;-- min(size, 16) --&gt;&lt;-- size - digits --&gt;
 * </pre>
 *
 * The sequence number is the connection's message number in lower-case hex, zero-padded; when
 * the size leaves fewer than 16 digits only its low digits are sent. Letters and digits only, so
 * a line never contains a terminator.
 */
final class FrameTemplate {

  static final int MAX_DIGITS = 16;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FILLER =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".getBytes(StandardCharsets.US_ASCII);

  /** Unpooled, never written after construction and never released: shared by every connection of the run. */
  private final ByteBuf frame;
  private final int digitsAt;
  private final int digits;

  FrameTemplate(Framing framing, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size: " + size + " (expected: > 0)");
    }
    int header = framing == Framing.LENGTH ? LengthFrameDecoder.HEADER_BYTES : 0;
    int trailer = framing == Framing.LINE ? 1 : 0;
    byte[] bytes = new byte[header + size + trailer];
    if (header > 0) {
      Unpooled.wrappedBuffer(bytes).setLong(0, size + (long) header);
    }
    digitsAt = header;
    digits = Math.min(size, MAX_DIGITS);
    for (int i = 0; i < digits; i++) {
      bytes[header + i] = '0';
    }
    for (int i = digits; i < size; i++) {
      bytes[header + i] = FILLER[i % FILLER.length];
    }
    if (trailer > 0) {
      bytes[bytes.length - 1] = '\n';
    }
    frame = Unpooled.wrappedBuffer(bytes);
  }

  /** The whole frame with a zero sequence number. */
  ByteBuf frame() {
    return frame;
  }

  int length() {
    return frame.capacity();
  }

  /** Bytes from the start of a frame up to the end of the sequence number. */
  int headLength() {
    return digitsAt + digits;
  }

  /** Where the sequence number starts (after a length header). */
  int digitsAt() {
    return digitsAt;
  }

  /** A new pooled buffer holding message {@code seq}, ready to write. */
  ByteBuf newFrame(ByteBufAllocator alloc, long seq) {
    ByteBuf out = alloc.ioBuffer(length());
    out.writeBytes(frame, 0, length());
    long value = seq;
    for (int i = digitsAt + digits - 1; i >= digitsAt; i--) {
      out.setByte(i, HEX[(int) (value & 0xF)]);
      value >>>= 4;
    }
    return out;
  }

  /**
   * The smallest sequence number at or after {@code expected} whose sent digits are those in
   * {@code head} (the first {@link #headLength()} bytes of a frame), or -1 if they are not hex.
   */
  long sequenceAtOrAfter(byte[] head, long expected) {
    long value = 0;
    for (int i = digitsAt; i < digitsAt + digits; i++) {
      int digit = hexValue(head[i]);
      if (digit < 0) {
        return -1;
      }
      value = (value << 4) | digit;
    }
    if (digits == MAX_DIGITS) {
      return value;
    }
    long mask = (1L << (4 * digits)) - 1;
    return expected + ((value - expected) & mask);
  }

  private static int hexValue(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    return b >= 'a' && b <= 'f' ? b - 'a' + 10 : -1;
  }
}
