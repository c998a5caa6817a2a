package dev.berth.server.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** PROXY protocol headers for the pipeline fuzzer: valid ones to put first, and where one ends. */
final class ProxyHeaders {

  /** The longest v2 header: the fixed 16 bytes and a 16-bit length. */
  static final int V2_MAX = 16 + 0xFFFF;

  private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

  private ProxyHeaders() {}

  /** A valid header from 203.0.113.7:56324 to 192.0.2.1:443, in v1 or v2. */
  static byte[] valid(boolean v1) {
    if (v1) {
      return "PROXY TCP4 203.0.113.7 192.0.2.1 56324 443\r\n".getBytes(StandardCharsets.US_ASCII);
    }
    byte[] header = Arrays.copyOf(V2_SIGNATURE, 28);
    byte[] rest = {0x21, 0x11, 0, 12, (byte) 203, 0, 113, 7, (byte) 192, 0, 2, 1, (byte) 0xDC, 0x04, 0x01, (byte) 0xBB};
    System.arraycopy(rest, 0, header, 12, rest.length);
    return header;
  }

  /**
   * Where the header at the start of {@code stream} ends, by its framing only (v1: its CRLF; v2:
   * its length field), or -1 where the stream holds no complete header: what the server must have
   * read as the header if it took one.
   */
  static int length(byte[] stream) {
    int signature = Math.min(stream.length, V2_SIGNATURE.length);
    if (Arrays.equals(stream, 0, signature, V2_SIGNATURE, 0, signature)) {
      // A v2 header or the start of one ("\r\n" is also where a v2 signature begins).
      if (stream.length < 16) {
        return -1;
      }
      int length = 16 + (((stream[14] & 0xFF) << 8) | (stream[15] & 0xFF));
      return stream.length >= length ? length : -1;
    }
    for (int i = 0; i < Math.min(stream.length, 107); i++) {
      if (stream[i] == '\n') {
        return i > 0 && stream[i - 1] == '\r' ? i + 1 : -1; // one line, ended by CRLF
      }
    }
    return -1;
  }
}
