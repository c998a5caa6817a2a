package dev.berth.config;

import dev.berth.protocol.Framing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The options of {@code berth client}, in the order help and {@code --print-config} show them. */
public final class ClientOptions {

  public static final ConfigKey<String> HOST = TargetOptions.HOST;
  public static final ConfigKey<Integer> PORT = TargetOptions.PORT;
  public static final ConfigKey<Framing> FRAMING = TargetOptions.FRAMING;
  public static final ConfigKey<Duration> CONNECT_TIMEOUT = new ConfigKey<>("connect-timeout", "DURATION", "5s",
      "Give up connecting after this long.", Durations::parse);
  public static final ConfigKey<Duration> TIMEOUT = new ConfigKey<>("timeout", "DURATION", "30s",
      "Limit for the whole exchange, from connecting until the server closes (0 = none; "
          + "when typing at a terminal it counts from the end of input).", Durations::parse);
  public static final ConfigKey<Path> FILE = new ConfigKey<>("file", "PATH", null,
      "Send this file's bytes as one message instead of MESSAGE arguments or standard input.",
      text -> Path.of(Parsers.text(text)));
  public static final ConfigKey<Path> OUTPUT = new ConfigKey<>("output", "PATH", null,
      "Write the received payloads to this file as raw bytes instead of printing them.",
      text -> Path.of(Parsers.text(text)));
  // Above the server's defaults (16MiB, 64KiB), so any reply a default server sends fits,
  // including a hello reply that adds a few bytes to a maximal message.
  public static final ConfigKey<Long> MAX_FRAME = new ConfigKey<>("max-frame", "SIZE", "64MiB",
      "Largest length-framed reply accepted.", Sizes::parse);
  public static final ConfigKey<Long> MAX_LINE = new ConfigKey<>("max-line", "SIZE", "1MiB",
      "Longest reply line accepted, terminator excluded.", Sizes::parse);
  public static final ConfigKey<Boolean> RESEND = new ConfigKey<>("resend", null, "true",
      "When the server closes with messages unanswered (a draining server), reconnect and resend "
          + "them; assumes one reply per message.", Parsers::bool);

  /** Every client option. */
  public static final List<ConfigKey<?>> ALL = List.of(
      HOST, PORT, FRAMING, CONNECT_TIMEOUT, TIMEOUT, FILE, OUTPUT, MAX_FRAME, MAX_LINE, RESEND);

  private ClientOptions() {}
}
