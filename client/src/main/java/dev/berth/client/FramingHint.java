package dev.berth.client;

import dev.berth.protocol.Framing;

/**
 * A guess at a framing mismatch, from the first bytes a server sent (or that it sent none), for an
 * error line. Eight bytes of text read as a length header make a huge length; a length header
 * read as a line starts with zero bytes. A server of the other framing usually sends nothing at
 * all: a line-framed one waits for a newline that a length frame need not contain, a
 * length-framed one refuses a line's first eight bytes as a length no frame has.
 */
public final class FramingHint {

  private FramingHint() {}

  /** For a reply that broke the framing or ended in the middle of a message; "" when nothing fits. */
  static String forBadReply(Framing framing, byte[] first) {
    if (framing == Framing.LENGTH && first.length == FirstBytes.KEPT && isText(first)) {
      return " (the reply looks like text: is the server line-framed? try --framing line)";
    }
    if (framing == Framing.LINE && first.length >= 2 && first[0] == 0 && first[1] == 0) {
      return " (the reply looks like a length header: is the server length-framed? try --framing length)";
    }
    return "";
  }

  /** For a server that closed without sending anything: {@code " (nothing came back: ...)"}. */
  static String forSilence(Framing framing, boolean bare) {
    return " (nothing came back: " + whySilent(framing, bare) + ")";
  }

  /**
   * The likely reason a line- or length-framed server answered nothing at all: that it speaks the
   * other framing, as a question with the option that fixes it, e.g. {@code is the server
   * line-framed? ...; try --framing line}.
   *
   * @param bare whether the client sent neither a PROXY header nor TLS, which some servers want first
   */
  public static String whySilent(Framing framing, boolean bare) {
    String guess = framing == Framing.LENGTH
        ? "is the server line-framed? It waits for a newline, which a length frame need not contain; try --framing line"
        : "is the server length-framed? It takes text for a bad length header; try --framing length";
    return guess + (bare ? "; or does it want a PROXY header or TLS first? try --proxy-protocol or --tls" : "");
  }

  /** Printable text, UTF-8 included: no control bytes but tab, CR and LF. */
  private static boolean isText(byte[] bytes) {
    for (byte b : bytes) {
      int value = b & 0xFF;
      if ((value < 0x20 || value == 0x7F) && value != '\t' && value != '\r' && value != '\n') {
        return false;
      }
    }
    return true;
  }
}
