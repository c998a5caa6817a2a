package dev.berth.testing.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Echo mode on a length-framed port, written as plainly as possible, as an oracle for the echo
 * relay: frames within the limit are answered once complete, a frame over the limit is streamed
 * (its bytes are echoed as they come, whether or not it ever ends), and only a length below 8 or
 * a header that is really HTTP, TLS or SSH is refused. It shares no code with the relay.
 */
public final class ReferenceEchoRelay {

  private static final Set<String> FOREIGN = Set.of(
      "GET ", "POST", "HEAD", "PUT ", "DELE", "OPTI", "PATC", "CONN", "TRAC", "PRI ", "SSH-");

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
      if (Long.compareUnsigned(n, 8) < 0) {
        return new Relayed(replies.toByteArray(), messages, "bad_length", false);
      }
      long payload = n - 8;
      long available = stream.length - start - 8;
      if (Long.compareUnsigned(payload, maxFrame) <= 0) {
        if (available < payload) {
          return new Relayed(replies.toByteArray(), messages, null, true); // answered once complete
        }
      } else if (looksForeign(stream, start)) {
        return new Relayed(replies.toByteArray(), messages, "frame_too_long", false);
      } else if (Long.compareUnsigned(payload, available) > 0) {
        replies.write(stream, start, stream.length - start); // streamed as it comes
        return new Relayed(replies.toByteArray(), messages, null, true);
      }
      replies.write(stream, start, 8 + (int) payload);
      messages++;
      start += 8 + (int) payload;
    }
    return new Relayed(replies.toByteArray(), messages, null, false);
  }

  private static boolean looksForeign(byte[] stream, int start) {
    String head = new String(stream, start, 4, StandardCharsets.ISO_8859_1);
    boolean tlsClientHello = stream[start] == 0x16 && stream[start + 1] == 0x03 && (stream[start + 2] & 0xFF) <= 0x04;
    return FOREIGN.contains(head) || tlsClientHello;
  }
}
