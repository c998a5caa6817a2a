package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Recognises the first bytes of protocols that people commonly point at the wrong port, so a
 * rejected length header can be reported as "looks like HTTP" rather than only as a huge number.
 */
final class ForeignProtocol {

  private static final String[] HTTP_METHODS = {
    "GET ", "POST", "HEAD", "PUT ", "DELE", "OPTI", "PATC", "CONN", "TRAC", "PRI "
  };

  private ForeignProtocol() {}

  /** A suffix for an error message, such as {@code " (looks like HTTP on a length-framed port)"}, or "". */
  static String describe(ByteBuf in, int start) {
    String guess = guess(in, start);
    return guess == null ? "" : " (looks like " + guess + " on a length-framed port)";
  }

  static String guess(ByteBuf in, int start) {
    if (in.writerIndex() - start < 4) {
      return null;
    }
    String head = in.toString(start, 4, StandardCharsets.ISO_8859_1);
    for (String method : HTTP_METHODS) {
      if (head.equals(method)) {
        return "HTTP";
      }
    }
    if (head.equals("SSH-")) {
      return "SSH";
    }
    if (TlsRecords.startsHandshake(in, start)) {
      return "a TLS ClientHello";
    }
    return null;
  }
}
