package dev.berth.config;

import dev.berth.protocol.Framing;
import dev.berth.protocol.LengthFrameDecoder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything {@code berth client} needs, validated when built.
 *
 * @param timeout limit for the whole exchange; {@link Duration#ZERO} means none
 * @param file a file to send as one message, or {@code null}
 * @param output where to write received payloads as raw bytes, or {@code null} to print them
 * @param resend whether to reconnect and resend unanswered messages when the server closes early
 */
public record ClientConfig(
    String host,
    int port,
    Framing framing,
    Duration connectTimeout,
    Duration timeout,
    Path file,
    Path output,
    long maxFrame,
    int maxLine,
    boolean resend) {

  /** Longest {@code --max-line}: the line and its terminator fit one buffer. */
  public static final int MAX_LINE = Integer.MAX_VALUE - 2;

  /** Every value is checked here; an error names the key (and {@link #from} where it was set). */
  public ClientConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(timeout, "timeout");
    Check.between("port", port, 1, 65535);
    Check.positive("connect-timeout", connectTimeout);
    Check.notNegative("timeout", timeout);
    Check.sizeBetween("max-frame", maxFrame, 0, LengthFrameDecoder.MAX_BUFFERED_FRAME);
    Check.sizeBetween("max-line", maxLine, 1, MAX_LINE);
  }

  /** The configuration built from resolved settings; every error names its key and source. */
  public static ClientConfig from(Settings settings) {
    try {
      long maxLine = settings.get(ClientOptions.MAX_LINE);
      Check.sizeBetween("max-line", maxLine, 1, MAX_LINE);
      return new ClientConfig(
          settings.get(ClientOptions.HOST),
          settings.get(ClientOptions.PORT),
          settings.get(ClientOptions.FRAMING),
          settings.get(ClientOptions.CONNECT_TIMEOUT),
          settings.get(ClientOptions.TIMEOUT),
          settings.get(ClientOptions.FILE),
          settings.get(ClientOptions.OUTPUT),
          settings.get(ClientOptions.MAX_FRAME),
          (int) maxLine,
          settings.get(ClientOptions.RESEND));
    } catch (ConfigException e) {
      throw e.placedIn(settings);
    }
  }

  /** The defaults, with overrides as option name/value pairs; handy for tests and embedding. */
  public static ClientConfig defaults(String... nameValuePairs) {
    return from(Settings.fromPairs(ClientOptions.ALL, nameValuePairs));
  }
}
