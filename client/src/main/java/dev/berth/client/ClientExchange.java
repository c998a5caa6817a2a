package dev.berth.client;

import dev.berth.config.ClientConfig;
import dev.berth.config.ConfigException;
import dev.berth.protocol.Framing;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@code berth client} does: connect, send the MESSAGE arguments, the {@code --file} or each
 * line of standard input, half-close, and print every message the server sends until it closes.
 * The picocli command only builds the {@link ClientConfig} and maps the exceptions to exit codes.
 */
public final class ClientExchange {

  private ClientExchange() {}

  /**
   * Runs one exchange.
   *
   * @param messages the MESSAGE arguments; when empty and there is no file, standard input is read
   * @param input standard input
   * @param interactive whether standard input is a terminal: lines are sent as they are typed, and
   *     the exchange timeout counts from the end of input rather than from connecting
   * @param out where received messages are printed, one per line, unless the config names an output file
   * @return what was sent, received and resent
   * @throws ConfigException for a usage error: a file together with MESSAGE arguments, a file that
   *     cannot be read, an output file that cannot be written, a message line framing cannot carry
   * @throws ClientException when the exchange fails (refused, timeout, server closed mid-message)
   */
  public static ClientStats run(
      ClientConfig config, List<String> messages, InputStream input, boolean interactive, PrintStream out) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(out, "out");
    List<byte[]> given = givenMessages(config, messages);
    boolean fromInput = given.isEmpty() && config.file() == null;
    ClientConfig connectConfig = fromInput && interactive ? withoutTimeout(config) : config;
    try (ReplySink sink = openSink(config, out);
        BerthClient client = BerthClient.connect(connectConfig, sink)) {
      if (fromInput) {
        sendInput(client, new InputMessages(input, config.framing() != Framing.RAW));
      } else {
        given.forEach(client::send);
      }
      client.finish();
      if (connectConfig == config) {
        client.awaitClosed();
      } else {
        client.awaitClosed(config.timeout());
      }
      return client.stats();
    } catch (IOException e) {
      throw new ClientException(ClientException.Kind.IO, "cannot write the output: " + ClientException.describe(e), e);
    }
  }

  /** The file or the MESSAGE arguments as payloads, checked before any connection is made. */
  private static List<byte[]> givenMessages(ClientConfig config, List<String> messages) {
    List<byte[]> payloads = new ArrayList<>();
    if (config.file() != null) {
      if (!messages.isEmpty()) {
        throw new ConfigException("--file and MESSAGE arguments cannot be combined (choose one)");
      }
      try {
        payloads.add(Files.readAllBytes(config.file()));
      } catch (IOException e) {
        throw new ConfigException("--file: cannot read " + config.file() + ": " + ClientException.describe(e));
      }
    } else {
      messages.forEach(message -> payloads.add(message.getBytes(StandardCharsets.UTF_8)));
    }
    if (config.framing() == Framing.LINE) {
      for (byte[] payload : payloads) {
        int newline = BerthClient.newlineIndex(payload);
        if (newline >= 0) {
          String what = config.file() != null ? "--file " + config.file() : "a MESSAGE argument";
          throw new ConfigException(what + " contains a newline at byte " + newline
              + ", so line framing cannot send it as one message (use --framing length)");
        }
      }
    }
    return payloads;
  }

  private static ReplySink openSink(ClientConfig config, PrintStream out) {
    if (config.output() == null) {
      return ReplySink.printing(out, config.framing());
    }
    try {
      return ReplySink.writing(config.output());
    } catch (IOException e) {
      Path folder = config.output().toAbsolutePath().getParent();
      String reason = e instanceof NoSuchFileException && folder != null && !Files.isDirectory(folder)
          ? "no such directory: " + folder
          : ClientException.describe(e);
      throw new ConfigException("--output: cannot write " + config.output() + ": " + reason);
    }
  }

  private static void sendInput(BerthClient client, InputMessages input) {
    try {
      byte[] message;
      while (!client.isClosed() && (message = input.next()) != null) {
        client.send(message);
      }
    } catch (IOException e) {
      throw new ClientException(ClientException.Kind.IO, "cannot read standard input: " + ClientException.describe(e), e);
    }
  }

  private static ClientConfig withoutTimeout(ClientConfig config) {
    return new ClientConfig(config.host(), config.port(), config.framing(), config.connectTimeout(),
        Duration.ZERO, config.file(), config.output(), config.maxFrame(), config.maxLine(), config.resend());
  }
}
