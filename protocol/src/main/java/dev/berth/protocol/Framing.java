package dev.berth.protocol;

import java.util.Locale;

/** How messages are delimited on a connection. See docs/protocol.md for the byte layouts. */
public enum Framing {
  /** A message is the bytes before {@code \n}; a {@code \r} right before it is not part of it. */
  LINE,
  /** An 8-byte unsigned big-endian length N that counts itself, then N − 8 payload bytes. */
  LENGTH,
  /** No messages: a plain byte stream. */
  RAW;

  /** The name used on the command line and in configuration, e.g. {@code line}. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses an option name; throws {@link IllegalArgumentException} naming the choices. */
  public static Framing fromOptionName(String name) {
    for (Framing framing : values()) {
      if (framing.optionName().equals(name)) {
        return framing;
      }
    }
    throw new IllegalArgumentException("not a framing: \"" + name + "\" (expected: line, length or raw)");
  }
}
