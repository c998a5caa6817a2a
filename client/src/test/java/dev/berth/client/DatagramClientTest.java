package dev.berth.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.config.ClientConfig;
import dev.berth.config.ConfigException;
import dev.berth.testing.Await;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth client --udp}: one datagram per message, one line per datagram received. */
class DatagramClientTest {

  @TempDir
  Path folder;

  private final List<String> replies = new CopyOnWriteArrayList<>();

  @Test
  void endsAsSoonAsEveryDatagramIsAnswered() {
    try (UdpTestServer server = UdpTestServer.echo();
        DatagramClient client = DatagramClient.open(config(server, "timeout", "10s"), this::collect)) {
      long start = System.nanoTime();
      client.send("one");
      client.send("two");
      client.send("thrée");
      client.finish();
      client.awaitClosed();

      assertThat(replies).containsExactlyInAnyOrder("one", "two", "thrée");
      assertThat(client.stats()).isEqualTo(new ClientStats(3, 3, 0, 0));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void unansweredDatagramsFailAfterTheTimeoutOfSilence() {
    try (UdpTestServer server = UdpTestServer.droppingEvery(2);
        DatagramClient client = DatagramClient.open(config(server, "timeout", "300ms"), this::collect)) {
      client.send("answered");
      client.send("dropped");
      // The silence is counted from the last datagram received.
      Await.until("the first reply", () -> replies.size() == 1);
      client.finish();

      assertThatThrownBy(client::awaitClosed)
          .isInstanceOf(ClientException.class)
          .hasFieldOrPropertyWithValue("kind", ClientException.Kind.TIMEOUT)
          .hasMessage("no reply to 1 of 2 datagrams from 127.0.0.1:" + server.port() + " over UDP within 300ms "
              + "(a datagram or its reply was lost, or the server does not answer; UDP does not resend)");
      assertThat(replies).containsExactly("answered");
    }
  }

  @Test
  void aPortWithNothingListeningIsUnreachable() throws IOException {
    int port;
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (DatagramClient client = DatagramClient.open(
        ClientConfig.defaults("udp", "true", "port", Integer.toString(port), "timeout", "10s"), this::collect)) {
      // The port-unreachable error may be back before send returns, which then throws it itself.
      assertThatThrownBy(() -> {
        client.send("anyone?");
        client.finish();
        client.awaitClosed();
      })
          .isInstanceOf(ClientException.class)
          .hasFieldOrPropertyWithValue("kind", ClientException.Kind.REFUSED)
          .hasMessage("cannot reach 127.0.0.1:" + port + " over UDP: port unreachable (nothing listens on that UDP port)");
    }
  }

  @Test
  void theLargestDatagramGoesAndComesBackWhole() {
    byte[] largest = new byte[DatagramClient.MAX_DATAGRAM];
    for (int i = 0; i < largest.length; i++) {
      largest[i] = (byte) i;
    }
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try (UdpTestServer server = UdpTestServer.echo();
        DatagramClient client = DatagramClient.open(config(server), received::writeBytes)) {
      client.send(largest);
      client.finish();
      client.awaitClosed();
    }
    assertThat(received.toByteArray()).isEqualTo(largest);
    assertThatThrownBy(() -> {
      try (UdpTestServer server = UdpTestServer.echo();
          DatagramClient client = DatagramClient.open(config(server), this::collect)) {
        client.send(new byte[DatagramClient.MAX_DATAGRAM + 1]);
      }
    }).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("message of 65508 bytes, more than one UDP datagram carries (65507)");
  }

  @Test
  void theExchangeSendsEachLineOfInputAsADatagramAndPrintsEachReplyOnALine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (UdpTestServer server = UdpTestServer.echo()) {
      ClientStats stats = ClientExchange.run(config(server), List.of(),
          new ByteArrayInputStream("alpha\r\n\nbeta\n".getBytes(StandardCharsets.UTF_8)), false,
          new PrintStream(out, true, StandardCharsets.UTF_8));

      assertThat(stats.sent()).isEqualTo(2);
      assertThat(out.toString(StandardCharsets.UTF_8).lines()).containsExactlyInAnyOrder("alpha", "beta");
    }
  }

  @Test
  void anEmptyMessageCannotBeADatagram() {
    try (UdpTestServer server = UdpTestServer.echo()) {
      assertThatThrownBy(() -> ClientExchange.run(config(server), List.of("fine", ""),
          new ByteArrayInputStream(new byte[0]), false, new PrintStream(new ByteArrayOutputStream())))
          .isInstanceOf(ConfigException.class)
          .hasMessage("a MESSAGE argument is empty, and an empty message cannot be sent as a UDP datagram");
    }
  }

  @Test
  void aFileTooLargeForADatagramIsAUsageError() throws IOException {
    Path file = Files.write(folder.resolve("big.bin"), new byte[70_000]);
    try (UdpTestServer server = UdpTestServer.echo()) {
      assertThatThrownBy(() -> ClientExchange.run(config(server, "file", file.toString()), List.of(),
          new ByteArrayInputStream(new byte[0]), false, new PrintStream(new ByteArrayOutputStream())))
          .isInstanceOf(ConfigException.class)
          .hasMessage("--file " + file + " is 70000 bytes, more than one UDP datagram carries (65507)");
      assertThat(server.received()).isZero();
    }
  }

  private void collect(byte[] payload) {
    replies.add(new String(payload, StandardCharsets.UTF_8));
  }

  private static ClientConfig config(UdpTestServer server, String... pairs) {
    List<String> all = new java.util.ArrayList<>(List.of("udp", "true", "port", Integer.toString(server.port()),
        "timeout", "10s"));
    all.addAll(List.of(pairs));
    return ClientConfig.defaults(all.toArray(String[]::new));
  }
}
