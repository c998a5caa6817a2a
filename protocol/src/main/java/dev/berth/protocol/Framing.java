package dev.berth.protocol;

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
    return OptionNames.of(this);
  }

  /** Parses an option name; throws {@link IllegalArgumentException} naming the choices. */
  public static Framing fromOptionName(String name) {
    return OptionNames.parse(Framing.class, name, "framing");
  }
}
