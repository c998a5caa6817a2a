package dev.berth.testing.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The wire formats of docs/protocol.md written as plainly as possible, as an oracle for the real
 * decoders: given every byte a peer sent, which complete messages a correct receiver answers, and
 * whether (and why) it rejects the stream. It shares no code with the decoders it checks.
 */
public final class ReferenceFraming {

  /** A complete message and, for a line, whether it ended in {@code \r\n}. */
  public record Message(byte[] payload, boolean crLf) {

    @Override
    public boolean equals(Object other) {
      return other instanceof Message
          && Arrays.equals(payload, ((Message) other).payload) && crLf == ((Message) other).crLf;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(payload) * 31 + Boolean.hashCode(crLf);
    }

    @Override
    public String toString() {
      return "Message[" + Arrays.toString(payload) + (crLf ? ", crLf]" : "]");
    }
  }

  /**
   * What a stream decodes to.
   *
   * @param messages the complete messages before the first bad one
   * @param error the metrics label of the protocol error ({@code line_too_long}, {@code
   *     frame_too_long}, {@code bad_length}), or {@code null}
   * @param partialBytes bytes of an unfinished message after the last complete one (0 after an error)
   */
  public record Decoded(List<Message> messages, String error, int partialBytes) {}

  private ReferenceFraming() {}

  /**
   * Lines: a message is the bytes before {@code \n}, without a {@code \r} right before it. A line
   * is too long once its payload is over {@code maxLine}, or once the bytes without a newline can
   * no longer become a line within the limit (the error must not wait for a newline that may
   * never come).
   */
  public static Decoded lines(byte[] stream, int maxLine) {
    List<Message> messages = new ArrayList<>();
    int start = 0;
    while (true) {
      int newline = indexOf(stream, (byte) '\n', start);
      if (newline < 0) {
        int rest = stream.length - start;
        boolean mayBecomeALine =
            rest <= maxLine || (rest == maxLine + 1 && stream[stream.length - 1] == '\r');
        return mayBecomeALine
            ? new Decoded(messages, null, rest)
            : new Decoded(messages, "line_too_long", 0);
      }
      boolean crLf = newline > start && stream[newline - 1] == '\r';
      int end = crLf ? newline - 1 : newline;
      if (end - start > maxLine) {
        return new Decoded(messages, "line_too_long", 0);
      }
      messages.add(new Message(Arrays.copyOfRange(stream, start, end), crLf));
      start = newline + 1;
    }
  }

  /**
   * Length frames: an 8-byte unsigned big-endian N that counts itself, then N − 8 payload bytes.
   * N below 8 or above 2^48 is {@code bad_length}, whatever the limit; a payload over {@code
   * maxFrame} is {@code frame_too_long}; both known from the header alone.
   */
  public static Decoded frames(byte[] stream, long maxFrame) {
    List<Message> messages = new ArrayList<>();
    int start = 0;
    while (stream.length - start >= 8) {
      long n = 0;
      for (int i = 0; i < 8; i++) {
        n = (n << 8) | (stream[start + i] & 0xFF);
      }
      if (Long.compareUnsigned(n, 8) < 0 || Long.compareUnsigned(n, 1L << 48) > 0) {
        return new Decoded(messages, "bad_length", 0);
      }
      if (n - 8 > maxFrame) {
        return new Decoded(messages, "frame_too_long", 0);
      }
      if (stream.length - start < n) {
        break;
      }
      messages.add(new Message(Arrays.copyOfRange(stream, start + 8, start + (int) n), false));
      start += (int) n;
    }
    return new Decoded(messages, null, stream.length - start);
  }

  private static int indexOf(byte[] bytes, byte wanted, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
