package dev.berth.config;

import dev.berth.protocol.Framing;
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

  public ClientConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(timeout, "timeout");
    if (port < 1 || port > 65535) {
      throw new ConfigException("--port: " + port + " (expected: 1..65535)");
    }
    if (connectTimeout.isZero() || connectTimeout.isNegative()) {
      throw new ConfigException("--connect-timeout: " + Durations.format(connectTimeout) + " (expected: > 0)");
    }
    if (timeout.isNegative()) {
      throw new ConfigException("--timeout: " + Durations.format(timeout) + " (expected: >= 0)");
    }
    if (maxFrame < 0) {
      throw new ConfigException("--max-frame: " + maxFrame + " (expected: >= 0)");
    }
    if (maxLine < 1) {
      throw new ConfigException("--max-line: " + maxLine + " (expected: > 0)");
    }
  }

  /** The configuration built from resolved settings; every error names its key and source. */
  public static ClientConfig from(Settings settings) {
    return new ClientConfig(
        settings.get(ClientOptions.HOST),
        settings.get(ClientOptions.PORT),
        settings.get(ClientOptions.FRAMING),
        settings.get(ClientOptions.CONNECT_TIMEOUT),
        settings.get(ClientOptions.TIMEOUT),
        settings.get(ClientOptions.FILE),
        settings.get(ClientOptions.OUTPUT),
        settings.get(ClientOptions.MAX_FRAME),
        Math.toIntExact(settings.get(ClientOptions.MAX_LINE)),
        settings.get(ClientOptions.RESEND));
  }

  /** The defaults, with overrides as option name/value pairs; handy for tests and embedding. */
  public static ClientConfig defaults(String... nameValuePairs) {
    return from(Settings.fromPairs(ClientOptions.ALL, nameValuePairs));
  }
}
