package dev.berth.config;

import dev.berth.protocol.Framing;

/**
 * The options that name the server a client or a bench talks to, and how: one definition that
 * {@link ClientOptions} and {@link BenchOptions} share, so their help, defaults and parsing agree.
 */
public final class TargetOptions {

  public static final ConfigKey<String> HOST =
      new ConfigKey<>("host", "ADDRESS", "127.0.0.1", "Server address.", Parsers::text);
  public static final ConfigKey<Integer> PORT =
      new ConfigKey<>("port", "PORT", "12345", "Server TCP port.", Parsers::integer);
  public static final ConfigKey<Framing> FRAMING = new ConfigKey<>("framing", "FRAMING", "line",
      "Message framing: line, length or raw.", Framing::fromOptionName);

  private TargetOptions() {}
}
