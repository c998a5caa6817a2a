package dev.berth.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.config.Transport;
import dev.berth.protocol.ProtocolException;
import dev.berth.server.counters.CloseCause;
import dev.berth.server.counters.RejectReason;
import dev.berth.server.transport.NettyTransport;
import dev.berth.testing.Await;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The server over real loopback sockets, on every transport this machine has. */
class ServerIntegrationTest {

  @RegisterExtension
  final TestServers servers = new TestServers("host", "127.0.0.1", "port", "0", "io-threads", "2", "metrics", "false");

  static Stream<Transport> transports() {
    return Stream.of(Transport.NIO, Transport.EPOLL, Transport.IO_URING).filter(NettyTransport::isAvailable);
  }

  private BerthServer start(Transport transport, String... options) throws Exception {
    List<String> all = new ArrayList<>(List.of("transport", transport.optionName()));
    all.addAll(List.of(options));
    return servers.start(all.toArray(String[]::new));
  }

  @ParameterizedTest
  @MethodSource("transports")
  void lineFramingInEveryMode(Transport transport) throws Exception {
    BerthServer echo = start(transport);
    BerthServer reverse = start(transport, "mode", "reverse");
    BerthServer hello = start(transport, "mode", "hello");
    BerthServer discard = start(transport, "mode", "discard");
    try (TestPeer peer = new TestPeer(echo.boundAddress())) {
      peer.send("hello\r\nworld\n");
      assertThat(peer.readLineWithTerminator()).isEqualTo("hello\r\n");
      assertThat(peer.readLineWithTerminator()).isEqualTo("world\n");
    }
    try (TestPeer peer = new TestPeer(reverse.boundAddress())) {
      peer.send("héllo 漢\n");
      assertThat(peer.readLineWithTerminator()).isEqualTo("漢 olléh\n");
    }
    try (TestPeer peer = new TestPeer(hello.boundAddress())) {
      assertThat(peer.readLineWithTerminator()).isEqualTo("Welcome!\n");
      peer.send("berth\n");
      assertThat(peer.readLineWithTerminator()).isEqualTo("Hello, berth!\n");
    }
    try (TestPeer peer = new TestPeer(discard.boundAddress())) {
      peer.send("gone\nalso gone\n");
      peer.shutdownOutput();
      assertThat(peer.readToEof()).isEmpty();
    }
    Await.until("discard counted", () -> discard.counters().messagesReceived() == 2);
    assertThat(discard.counters().messagesSent()).isZero();
  }

  @ParameterizedTest
  @MethodSource("transports")
  void lengthFramingInEveryMode(Transport transport) throws Exception {
    BerthServer echo = start(transport, "framing", "length");
    BerthServer reverse = start(transport, "framing", "length", "mode", "reverse");
    BerthServer hello = start(transport, "framing", "length", "mode", "hello", "greeting", "hi {instance}",
        "instance-id", "i-1");
    try (TestPeer peer = new TestPeer(echo.boundAddress())) {
      peer.send(TestPeer.lengthFrame(""));
      peer.send(TestPeer.lengthFrame("abc"));
      assertThat(peer.readLengthFrameText()).isEmpty();
      assertThat(peer.readLengthFrameText()).isEqualTo("abc");
    }
    try (TestPeer peer = new TestPeer(reverse.boundAddress())) {
      peer.send(TestPeer.lengthFrame("abc"));
      assertThat(peer.readLengthFrameText()).isEqualTo("cba");
    }
    try (TestPeer peer = new TestPeer(hello.boundAddress())) {
      assertThat(peer.readLengthFrameText()).isEqualTo("hi i-1");
      peer.send(TestPeer.lengthFrame("you"));
      assertThat(peer.readLengthFrameText()).isEqualTo("Hello, you!");
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void rawFramingEchoesAndDiscardsBytes(Transport transport) throws Exception {
    BerthServer echo = start(transport, "framing", "raw");
    BerthServer discard = start(transport, "framing", "raw", "mode", "discard");
    byte[] bytes = new byte[100_000];
    new Random(1).nextBytes(bytes);
    try (TestPeer peer = new TestPeer(echo.boundAddress())) {
      peer.send(bytes);
      peer.shutdownOutput();
      assertThat(peer.readToEof()).isEqualTo(bytes);
    }
    try (TestPeer peer = new TestPeer(discard.boundAddress())) {
      peer.send(bytes);
      peer.shutdownOutput();
      assertThat(peer.readToEof()).isEmpty();
    }
    Await.until("raw bytes counted", () -> discard.counters().bytesReceived() == bytes.length);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void peerHalfCloseGetsEveryReplyThenFin(Transport transport) throws Exception {
    BerthServer server = start(transport);
    try (TestPeer peer = new TestPeer(server.boundAddress())) {
      peer.send("one\ntwo\nthree\nunfinished");
      peer.shutdownOutput();
      assertThat(new String(peer.readToEof(), StandardCharsets.UTF_8)).isEqualTo("one\ntwo\nthree\n");
    }
    Await.until("truncated message counted",
        () -> server.counters().protocolErrors(ProtocolException.Reason.TRUNCATED) == 1);
    Await.until("close counted as peer", () -> server.counters().connectionsClosed(CloseCause.PEER) == 1);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void pipelinedMessagesAreAnsweredInOrder(Transport transport) throws Exception {
    BerthServer server = start(transport, "framing", "length");
    int count = 5000;
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      all.write(TestPeer.lengthFrame("message " + i));
    }
    try (TestPeer peer = new TestPeer(server.boundAddress())) {
      peer.send(all.toByteArray());
      for (int i = 0; i < count; i++) {
        assertThat(peer.readLengthFrameText()).isEqualTo("message " + i);
      }
    }
    assertThat(server.counters().messagesReceived()).isEqualTo(count);
    assertThat(server.counters().bytesReceived()).isEqualTo(all.size());
  }

  @ParameterizedTest
  @MethodSource("transports")
  void oneMebibyteLengthMessageRoundTrips(Transport transport) throws Exception {
    BerthServer server = start(transport, "framing", "length");
    byte[] payload = new byte[1 << 20];
    new Random(2).nextBytes(payload);
    try (TestPeer peer = new TestPeer(server.boundAddress())) {
      peer.send(TestPeer.lengthFrame(payload));
      assertThat(peer.readLengthFrame()).isEqualTo(payload);
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void protocolErrorAnswersEarlierMessagesThenHalfClosesAndOthersAreServed(Transport transport)
      throws Exception {
    BerthServer server = start(transport, "max-line", "16");
    try (TestPeer bad = new TestPeer(server.boundAddress()); TestPeer good = new TestPeer(server.boundAddress())) {
      bad.send("fine\n" + "x".repeat(100) + "\nnever answered\n");
      assertThat(new String(bad.readToEof(), StandardCharsets.UTF_8)).isEqualTo("fine\n");
      // The server keeps reading (and discarding) until we close: more input is not an error.
      bad.send("ignored\n");
      good.send("still here\n");
      assertThat(good.readLineWithTerminator()).isEqualTo("still here\n");
    }
    Await.until("error counted",
        () -> server.counters().protocolErrors(ProtocolException.Reason.LINE_TOO_LONG) == 1);
    Await.until("close counted as protocol", () -> server.counters().connectionsClosed(CloseCause.PROTOCOL) == 1);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void connectionsPastTheLimitAreClosedAtOnceAndCounted(Transport transport) throws Exception {
    BerthServer server = start(transport, "max-connections", "2");
    try (TestPeer first = new TestPeer(server.boundAddress());
        TestPeer second = new TestPeer(server.boundAddress())) {
      first.send("a\n");
      second.send("b\n");
      assertThat(first.readLineWithTerminator()).isEqualTo("a\n");
      assertThat(second.readLineWithTerminator()).isEqualTo("b\n");
      try (TestPeer third = new TestPeer(server.boundAddress())) {
        assertThat(third.readToEof()).isEmpty();
      }
      assertThat(server.counters().connectionsRejected(RejectReason.MAX_CONNECTIONS)).isEqualTo(1);
      assertThat(server.activeConnections()).isEqualTo(2);
    }
    Await.until("slots released", () -> server.activeConnections() == 0);
    try (TestPeer again = new TestPeer(server.boundAddress())) {
      again.send("c\n");
      assertThat(again.readLineWithTerminator()).isEqualTo("c\n");
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void idleConnectionsAreClosedWithFin(Transport transport) throws Exception {
    BerthServer server = start(transport, "idle-timeout", "200ms");
    try (TestPeer peer = new TestPeer(server.boundAddress())) {
      peer.send("before idle\n");
      assertThat(peer.readLineWithTerminator()).isEqualTo("before idle\n");
      assertThat(peer.readToEof()).isEmpty();
    }
    Await.until("idle close counted", () -> server.counters().connectionsClosed(CloseCause.IDLE) == 1);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void aPeerThatNeverReadsCannotGrowTheServersMemory(Transport transport) throws Exception {
    BerthServer server = start(transport, "framing", "raw");
    NeverReadingWriter writer = new NeverReadingWriter(server.boundAddress(), 256L << 20);
    try (writer) {
      long written = writer.writeUntilBlocked();
      // The server stopped reading: what got through is the kernel's buffers plus the
      // server's write high watermark, nowhere near the 256 MiB the peer wanted to send.
      assertThat(written).isLessThan(64L << 20);
      long received = server.counters().bytesReceived();
      assertThat(received).isLessThan(64L << 20);
      // Once the peer reads, the server resumes and every byte comes back.
      assertThat(writer.readBack(written)).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void severalServersShareOnePortWithReusePort(Transport transport) throws Exception {
    BerthServer first = start(transport, "reuse-port", "true");
    BerthServer second = start(transport, "reuse-port", "true", "port",
        Integer.toString(first.boundAddress().getPort()));
    assertThat(first.listeningSocketCount()).isEqualTo(2);
    assertThat(second.boundAddress().getPort()).isEqualTo(first.boundAddress().getPort());
    try (TestPeer peer = new TestPeer(second.boundAddress())) {
      peer.send("shared\n");
      assertThat(peer.readLineWithTerminator()).isEqualTo("shared\n");
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void aTakenPortFailsWithOneClearLine(Transport transport) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> start(transport, "port", Integer.toString(taken.getLocalPort())))
          .isInstanceOf(ServerStartException.class)
          .hasMessage("cannot bind 127.0.0.1:" + taken.getLocalPort()
              + ": address already in use (held by a process without SO_REUSEPORT, or by another user)");
    }
  }
}
