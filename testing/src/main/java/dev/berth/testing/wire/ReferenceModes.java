package dev.berth.testing.wire;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The modes of docs/protocol.md as an oracle: a message's reply, computed independently of the
 * server's transforms (the reverse mode leans on the JDK's strict UTF-8 decoder to tell a
 * well-formed character from a stray byte).
 */
public final class ReferenceModes {

  private static final byte[] HELLO = "Hello, ".getBytes(StandardCharsets.US_ASCII);

  private ReferenceModes() {}

  /** The reply of {@code mode} (its option name) to {@code payload}, or {@code null} for none. */
  public static byte[] reply(String mode, byte[] payload) {
    switch (mode) {
      case "echo":
        return payload;
      case "reverse":
        return reverse(payload);
      case "hello":
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(HELLO);
        out.writeBytes(payload);
        out.write('!');
        return out.toByteArray();
      case "discard":
        return null;
      default:
        throw new IllegalArgumentException(mode);
    }
  }

  /**
   * Each well-formed UTF-8 character moves as a unit, every other byte on its own: the units in
   * reverse order.
   */
  static byte[] reverse(byte[] payload) {
    byte[] reversed = new byte[payload.length];
    int at = 0;
    while (at < payload.length) {
      int unit = characterLength(payload, at);
      System.arraycopy(payload, at, reversed, payload.length - at - unit, unit);
      at += unit;
    }
    return reversed;
  }

  /** The length of the one well-formed character starting at {@code at}, or 1 if there is none. */
  private static int characterLength(byte[] bytes, int at) {
    for (int length = 1; length <= 4 && at + length <= bytes.length; length++) {
      if (isOneCharacter(bytes, at, length)) {
        return length;
      }
    }
    return 1;
  }

  private static boolean isOneCharacter(byte[] bytes, int at, int length) {
    CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer decoded = strict.decode(ByteBuffer.wrap(bytes, at, length));
      return decoded.codePoints().count() == 1;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
