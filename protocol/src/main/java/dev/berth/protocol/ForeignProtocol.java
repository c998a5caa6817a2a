package dev.berth.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Recognises the first bytes of what people commonly point at a length-framed port by mistake,
 * so a refused length header can be reported as "looks like HTTP" rather than only as a huge
 * number: a protocol it begins (HTTP, SSH, a TLS ClientHello, a PROXY protocol header), else text,
 * such as a line client's message.
 */
final class ForeignProtocol {

  private static final String[] HTTP_METHODS = {
    "GET ", "POST", "HEAD", "PUT ", "DELE", "OPTI", "PATC", "CONN", "TRAC", "PRI "
  };
  /** The first eight bytes of the 12-byte PROXY protocol v2 signature. */
  private static final byte[] PROXY_V2_START = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51};

  private ForeignProtocol() {}

  /**
   * What the eight header bytes at {@code start} look like, as a {@link ProtocolException}'s
   * {@code looksLike}, e.g. {@code HTTP on a length-framed port}; {@code null} when nothing fits.
   */
  static String onLengthFramedPort(ByteBuf in, int start) {
    String guess = guess(in, start);
    return guess == null ? null : guess + " on a length-framed port";
  }

  private static String guess(ByteBuf in, int start) {
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
    if (in.toString(start, 6, StandardCharsets.ISO_8859_1).equals("PROXY ") || startsProxyV2(in, start)) {
      return "a PROXY protocol header";
    }
    return isText(in, start) ? "text" : null;
  }

  private static boolean startsProxyV2(ByteBuf in, int start) {
    for (int i = 0; i < PROXY_V2_START.length; i++) {
      if (in.getByte(start + i) != PROXY_V2_START[i]) {
        return false;
      }
    }
    return true;
  }

  /** Printable ASCII, tab, CR and LF: what a line of text begins with. */
  private static boolean isText(ByteBuf in, int start) {
    for (int i = 0; i < LengthFrameDecoder.HEADER_BYTES; i++) {
      int b = in.getUnsignedByte(start + i);
      if ((b < 0x20 || b > 0x7E) && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }
}
