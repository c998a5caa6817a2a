package dev.berth.client;

import dev.berth.protocol.Framing;

/**
 * A guess at a framing mismatch, from the first bytes a server sent (or that it sent none), as a
 * suffix for an error line. Eight bytes of text read as a length header make a huge length; a
 * length header read as a line starts with zero bytes; a server of the other framing that waits
 * for the rest of a message it will never get sends nothing at all.
 */
final class FramingHint {

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

  /** For a server that closed without sending anything. */
  static String forSilence(Framing framing) {
    Framing other = framing == Framing.LINE ? Framing.LENGTH : Framing.LINE;
    return " (nothing came back: a " + other.optionName() + "-framed server waits for the rest of a message it never"
        + " gets, try --framing " + other.optionName() + "; a server in discard mode never answers)";
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
