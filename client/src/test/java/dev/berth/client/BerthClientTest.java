package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.config.ClientConfig;
import dev.berth.protocol.Framing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BerthClientTest {

  private final List<String> replies = new CopyOnWriteArrayList<>();

  @ParameterizedTest
  @EnumSource(value = Framing.class, names = {"LINE", "LENGTH"})
  void exchangesMessagesInEachFraming(Framing framing) {
    try (TestServer server = TestServer.echo(framing);
        BerthClient client = BerthClient.connect(config(server, framing), this::collect)) {
      client.send("hello");
      client.send("");
      client.send("wörld");
      client.finish();
      client.awaitClosed();

      assertThat(replies).containsExactly("hello", "", "wörld");
      assertThat(client.stats()).isEqualTo(new ClientStats(3, 3, 0, 0));
    }
  }

  @Test
  void rawFramingPassesBytesThrough() {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try (TestServer server = TestServer.echo(Framing.RAW);
        BerthClient client = BerthClient.connect(config(server, Framing.RAW), received::writeBytes)) {
      client.send("no ");
      client.send("framing\n");
      client.finish();
      client.awaitClosed();
    }

    assertThat(received.toString(StandardCharsets.UTF_8)).isEqualTo("no framing\n");
  }

  @Test
  void resendsExactlyTheUnansweredMessagesWhenTheServerHalfClosesEarly() {
    List<String> sent = new ArrayList<>();
    try (TestServer server = TestServer.start(Framing.LINE, TestServer.Behaviour.HALF_CLOSE_AFTER, 3);
        BerthClient client = BerthClient.connect(config(server, Framing.LINE), this::collect)) {
      for (int i = 0; i < 20; i++) {
        sent.add("message " + i);
        client.send("message " + i);
      }
      client.finish();
      client.awaitClosed();

      assertThat(replies).containsExactlyElementsOf(sent);
      assertThat(client.stats().resent()).isPositive();
      assertThat(client.stats().reconnects()).isGreaterThanOrEqualTo(6);
      assertThat(server.messages()).isEqualTo(20 + client.stats().resent());
    }
  }

  @Test
  void givesUpWhenResentMessagesAreNotAnsweredEither() {
    try (TestServer server = TestServer.start(Framing.LENGTH, TestServer.Behaviour.HALF_CLOSE_AFTER, 0);
        BerthClient client = BerthClient.connect(config(server, Framing.LENGTH), this::collect)) {
      client.send("one");
      client.send("two");
      client.finish();

      assertThatThrownBy(client::awaitClosed)
          .isInstanceOf(ClientException.class)
          .hasMessage("the server at 127.0.0.1:" + server.port()
              + " closed the connection with 2 messages unanswered, also after resending them 4 times (nothing came"
              + " back: is the server line-framed? It waits for a newline, which a length frame need not contain;"
              + " try --framing line; or does it want a PROXY header or TLS first? try --proxy-protocol or --tls)")
          .extracting(e -> ((ClientException) e).kind()).isEqualTo(ClientException.Kind.UNANSWERED);
      // The connection (or two, when the first FIN came before the sends) that took the messages,
      // then the resend policy's three tries again and the fourth that gives up.
      assertThat(server.connections()).isBetween(ResendPolicy.MAX_FRUITLESS_RESENDS + 2, ResendPolicy.MAX_FRUITLESS_RESENDS + 3);
    }
  }

  @Test
  void withoutResendAnEarlyCloseWithMessagesUnansweredIsAnError() {
    ClientConfig config = ClientConfig.defaults("port", "1", "resend", "false");
    try (TestServer server = TestServer.start(Framing.LINE, TestServer.Behaviour.HALF_CLOSE_AFTER, 2);
        BerthClient client = BerthClient.connect(withPort(config, server.port()), this::collect)) {
      client.send("a");
      client.send("b");
      client.send("c");
      client.finish();

      assertThatThrownBy(client::awaitClosed)
          .hasMessage("the server at 127.0.0.1:" + server.port()
              + " closed the connection with 1 message unanswered (not sent again: --no-resend)")
          .extracting(e -> ((ClientException) e).kind()).isEqualTo(ClientException.Kind.UNANSWERED);
      assertThat(replies).containsExactly("a", "b");
      assertThat(client.stats().reconnects()).isZero();
    }
  }

  @Test
  void withoutResendAServerThatAnswersEverythingIsASuccess() {
    ClientConfig config = ClientConfig.defaults("port", "1", "resend", "false", "framing", "length");
    try (TestServer server = TestServer.echo(Framing.LENGTH);
        BerthClient client = BerthClient.connect(withPort(config, server.port()), this::collect)) {
      client.send("a");
      client.finish();
      client.awaitClosed();

      assertThat(replies).containsExactly("a");
    }
  }

  @Test
  void aLengthClientThatGetsTextIsToldTheServerLooksLineFramed() {
    try (TestServer server = TestServer.start(Framing.LINE, TestServer.Behaviour.GREET, 0);
        BerthClient client = BerthClient.connect(config(server, Framing.LENGTH), this::collect)) {
      // No message: the greeting alone breaks the framing, and may do so before a send could start.
      client.finish();

      assertThatThrownBy(client::awaitClosed)
          .hasMessageStartingWith("bad reply from 127.0.0.1:" + server.port() + ": length ")
          .hasMessageEndingWith(" is above 2^48, more than any real frame"
              + " (the reply looks like text: is the server line-framed? try --framing line)")
          .hasMessageNotContaining("on a length-framed port"); // the server's view, not the client's
    }
  }

  @Test
  void aLineClientThatGetsALengthHeaderIsToldTheServerLooksLengthFramed() {
    try (TestServer server = TestServer.start(Framing.LENGTH, TestServer.Behaviour.GREET, 0);
        BerthClient client = BerthClient.connect(config(server, Framing.LINE), this::collect)) {
      client.send("hi");
      client.finish();

      assertThatThrownBy(client::awaitClosed).hasMessage("the server at 127.0.0.1:" + server.port()
          + " closed the connection in the middle of a message"
          + " (the reply looks like a length header: is the server length-framed? try --framing length)");
    }
  }

  @Test
  void refusedConnectionIsOneClearError() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    ClientConfig config = ClientConfig.defaults("port", Integer.toString(port));

    assertThatThrownBy(() -> BerthClient.connect(config, this::collect))
        .isInstanceOf(ClientException.class)
        .hasMessage("cannot connect to 127.0.0.1:" + port + ": connection refused")
        .extracting(e -> ((ClientException) e).kind()).isEqualTo(ClientException.Kind.REFUSED);
  }

  @Test
  void timesOutWhenTheServerNeverAnswers() {
    try (TestServer server = TestServer.start(Framing.LINE, TestServer.Behaviour.SILENT, 0);
        BerthClient client = BerthClient.connect(
            ClientConfig.defaults("port", Integer.toString(server.port()), "timeout", "300ms"), this::collect)) {
      client.send("anyone?");

      assertThatThrownBy(client::awaitClosed)
          .isInstanceOf(ClientException.class)
          .hasMessage("timed out after 300ms: the server at 127.0.0.1:" + server.port()
              + " answered 0 of 1 messages and has not closed the connection")
          .extracting(e -> ((ClientException) e).kind()).isEqualTo(ClientException.Kind.TIMEOUT);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Framing.class, names = {"LINE", "LENGTH"})
  void reportsAServerThatClosesInTheMiddleOfAMessage(Framing framing) {
    try (TestServer server = TestServer.start(framing, TestServer.Behaviour.CLOSE_MID_MESSAGE, 0);
        BerthClient client = BerthClient.connect(config(server, framing), this::collect)) {
      client.send("x");

      assertThatThrownBy(client::awaitClosed)
          .isInstanceOf(ClientException.class)
          .hasMessage("the server at 127.0.0.1:" + server.port() + " closed the connection in the middle of a message")
          .extracting(e -> ((ClientException) e).kind()).isEqualTo(ClientException.Kind.CLOSED_MID_MESSAGE);
    }
  }

  @Test
  void lineFramingRefusesAMessageWithANewline() {
    try (TestServer server = TestServer.echo(Framing.LINE);
        BerthClient client = BerthClient.connect(config(server, Framing.LINE), this::collect)) {
      assertThatThrownBy(() -> client.send("two\nlines"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("message contains a newline at byte 3, which line framing cannot carry (use length framing)");
    }
  }

  private void collect(byte[] payload) {
    replies.add(new String(payload, StandardCharsets.UTF_8));
  }

  static ClientConfig config(TestServer server, Framing framing) {
    return ClientConfig.defaults("port", Integer.toString(server.port()), "framing", framing.optionName(),
        "timeout", "10s");
  }

  private static ClientConfig withPort(ClientConfig config, int port) {
    return new ClientConfig(config.host(), port, config.framing(), config.connectTimeout(), config.timeout(),
        config.file(), config.output(), config.maxFrame(), config.maxLine(), config.resend(), config.udp(),
        config.tls(), config.proxy());
  }
}
