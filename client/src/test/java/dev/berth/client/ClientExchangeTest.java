package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.config.ClientConfig;
import dev.berth.config.ConfigException;
import dev.berth.protocol.Framing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientExchangeTest {

  private static final InputStream NO_INPUT = new ByteArrayInputStream(new byte[0]);

  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @TempDir
  Path dir;

  @Test
  void printsEveryReplyOnALine() {
    try (TestServer server = TestServer.echo(Framing.LENGTH)) {
      ClientStats stats = ClientExchange.run(
          config(server, Framing.LENGTH), List.of("one", "two words", ""), NO_INPUT, false, out);

      assertThat(printed()).isEqualTo("one\ntwo words\n\n");
      assertThat(stats).isEqualTo(new ClientStats(3, 3, 0, 0));
    }
  }

  @Test
  void sendsEachLineOfStandardInput() {
    InputStream input = new ByteArrayInputStream("first\nsecond\r\nlast without newline".getBytes(StandardCharsets.UTF_8));
    try (TestServer server = TestServer.echo(Framing.LINE)) {
      ClientExchange.run(config(server, Framing.LINE), List.of(), input, false, out);
    }

    assertThat(printed()).isEqualTo("first\nsecond\nlast without newline\n");
  }

  @Test
  void interactiveInputIsSentAsItComes() {
    InputStream input = new ByteArrayInputStream("typed\n".getBytes(StandardCharsets.UTF_8));
    try (TestServer server = TestServer.echo(Framing.LINE)) {
      ClientExchange.run(config(server, Framing.LINE), List.of(), input, true, out);
    }

    assertThat(printed()).isEqualTo("typed\n");
  }

  @Test
  void rawFramingPassesStandardInputThroughUnchanged() {
    byte[] bytes = {0, 1, 2, '\n', (byte) 0xff, '\r', '\n'};
    try (TestServer server = TestServer.echo(Framing.RAW)) {
      ClientExchange.run(config(server, Framing.RAW), List.of(), new ByteArrayInputStream(bytes), false, out);
    }

    assertThat(printed.toByteArray()).isEqualTo(bytes);
  }

  @Test
  void aFileOfFiveMebibytesRoundTripsByteExact() throws IOException {
    byte[] content = new byte[5 << 20];
    new Random(42).nextBytes(content);
    Path file = Files.write(dir.resolve("in.bin"), content);
    Path output = dir.resolve("out.bin");
    try (TestServer server = TestServer.echo(Framing.LENGTH)) {
      ClientConfig config = ClientConfig.defaults("port", Integer.toString(server.port()), "framing", "length",
          "file", file.toString(), "output", output.toString());

      ClientStats stats = ClientExchange.run(config, List.of(), NO_INPUT, false, out);

      assertThat(stats.received()).isEqualTo(1);
    }
    assertThat(Files.readAllBytes(output)).isEqualTo(content);
    assertThat(printed()).isEmpty();
  }

  @Test
  void aFileAndMessageArgumentsCannotBeCombined() throws IOException {
    Path file = Files.writeString(dir.resolve("in.txt"), "x");
    ClientConfig config = ClientConfig.defaults("file", file.toString());

    assertThatThrownBy(() -> ClientExchange.run(config, List.of("y"), NO_INPUT, false, out))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--file and MESSAGE arguments cannot be combined (choose one)");
  }

  @Test
  void aMissingFileIsAUsageError() {
    Path missing = dir.resolve("missing.bin");
    ClientConfig config = ClientConfig.defaults("file", missing.toString());

    assertThatThrownBy(() -> ClientExchange.run(config, List.of(), NO_INPUT, false, out))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("--file: cannot read " + missing);
  }

  @Test
  void lineFramingCannotSendAFileWithNewlinesAsOneMessage() throws IOException {
    Path file = Files.writeString(dir.resolve("text.txt"), "line one\nline two\n");
    ClientConfig config = ClientConfig.defaults("file", file.toString());

    assertThatThrownBy(() -> ClientExchange.run(config, List.of(), NO_INPUT, false, out))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--file " + file + " contains a newline at byte 8, so line framing cannot send it as one"
            + " message (use --framing length)");
  }

  private String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  private static ClientConfig config(TestServer server, Framing framing) {
    return BerthClientTest.config(server, framing);
  }
}
