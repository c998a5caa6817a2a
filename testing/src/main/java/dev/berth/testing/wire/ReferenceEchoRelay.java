package dev.berth.testing.wire;

import java.io.ByteArrayOutputStream;

/**
 * Echo mode on a length-framed port, written as plainly as possible, as an oracle for the echo
 * relay: frames within the limit are answered once complete, a frame over the limit is streamed
 * (its bytes are echoed as they come, whether or not it ever ends), and only a length below 8 or
 * above 2^48 (text, HTTP, TLS read as a header) is refused. It shares no code with the relay.
 */
public final class ReferenceEchoRelay {

  /**
   * What the echo sends back for a stream.
   *
   * @param replies every byte echoed, in order
   * @param messages the frames that were complete
   * @param error the metrics label of the protocol error, or {@code null}
   * @param unfinished whether the stream ends inside a frame (a FIN there is {@code truncated})
   */
  public record Relayed(byte[] replies, long messages, String error, boolean unfinished) {}

  private ReferenceEchoRelay() {}

  public static Relayed frames(byte[] stream, long maxFrame) {
    ByteArrayOutputStream replies = new ByteArrayOutputStream();
    long messages = 0;
    int start = 0;
    while (start < stream.length) {
      if (stream.length - start < 8) {
        return new Relayed(replies.toByteArray(), messages, null, true);
      }
      long n = 0;
      for (int i = 0; i < 8; i++) {
        n = (n << 8) | (stream[start + i] & 0xFF);
      }
      if (Long.compareUnsigned(n, 8) < 0 || Long.compareUnsigned(n, 1L << 48) > 0) {
        return new Relayed(replies.toByteArray(), messages, "bad_length", false);
      }
      long payload = n - 8;
      long available = stream.length - start - 8;
      if (payload <= maxFrame) {
        if (available < payload) {
          return new Relayed(replies.toByteArray(), messages, null, true); // answered once complete
        }
      } else if (payload > available) {
        replies.write(stream, start, stream.length - start); // streamed as it comes
        return new Relayed(replies.toByteArray(), messages, null, true);
      }
      replies.write(stream, start, 8 + (int) payload);
      messages++;
      start += 8 + (int) payload;
    }
    return new Relayed(replies.toByteArray(), messages, null, false);
  }
}
