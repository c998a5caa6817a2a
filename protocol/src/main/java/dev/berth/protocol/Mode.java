package dev.berth.protocol;

/** What a server does with each message it receives. */
public enum Mode {
  /** Replies with the message itself. */
  ECHO(MessageTransforms.ECHO, false),
  /** Replies with the message's UTF-8 code points in reverse order. */
  REVERSE(MessageTransforms.REVERSE, true),
  /** Greets with {@code Welcome!} and replies {@code Hello, <message>!}. */
  HELLO(MessageTransforms.HELLO, true),
  /** Never replies. */
  DISCARD(MessageTransforms.DISCARD, false),
  /**
   * Replies with one JSON object saying who answered and what the server sees of the connection;
   * a server makes these replies itself, from what it knows of the connection ({@link #transform()}
   * is {@code null}).
   */
  INFO(null, true);

  private final MessageTransform transform;
  private final boolean needsMessages;

  Mode(MessageTransform transform, boolean needsMessages) {
    this.transform = transform;
    this.needsMessages = needsMessages;
  }

  /** The pure function this mode applies to each message; {@code null} for {@link #INFO}. */
  public MessageTransform transform() {
    return transform;
  }

  /** Whether the mode needs whole messages, so it cannot run on the {@link Framing#RAW} byte stream. */
  public boolean needsMessages() {
    return needsMessages;
  }

  public String optionName() {
    return OptionNames.of(this);
  }

  /** Parses an option name; throws {@link IllegalArgumentException} naming the choices. */
  public static Mode fromOptionName(String name) {
    return OptionNames.parse(Mode.class, name, "mode");
  }
}
