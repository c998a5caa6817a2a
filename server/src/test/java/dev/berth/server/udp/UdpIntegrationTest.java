package dev.berth.server.udp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.berth.server.BerthServer;
import dev.berth.server.TestServers;
import dev.berth.server.counters.FaultKind;
import dev.berth.testing.Await;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** UDP listeners over loopback: each datagram a message, the reply to its source. */
class UdpIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  final TestServers servers = new TestServers("host", "127.0.0.1", "metrics", "false");
  private final List<DatagramSocket> sockets = new ArrayList<>();

  @AfterEach
  void stop() {
    sockets.forEach(DatagramSocket::close);
  }

  private DatagramSocket socket() throws IOException {
    DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    socket.setSoTimeout(5000);
    sockets.add(socket);
    return socket;
  }

  private static byte[] exchange(DatagramSocket socket, InetSocketAddress server, byte[] message) throws IOException {
    socket.send(new DatagramPacket(message, message.length, server));
    DatagramPacket reply = new DatagramPacket(new byte[UdpListener.MAX_DATAGRAM + 1], UdpListener.MAX_DATAGRAM + 1);
    socket.receive(reply);
    return Arrays.copyOf(reply.getData(), reply.getLength());
  }

  private static String exchange(DatagramSocket socket, InetSocketAddress server, String message) throws IOException {
    return new String(exchange(socket, server, message.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  @Test
  @Timeout(30)
  void eachModeAnswersADatagramToItsSource() throws Exception {
    BerthServer server = servers.start("instance-id", "u-1", "listen", String.join("\n",
        "name=echo,protocol=udp,port=0",
        "name=reverse,protocol=udp,port=0,mode=reverse",
        "name=hello,protocol=udp,port=0,mode=hello",
        "name=info,protocol=udp,port=0,mode=info"));
    DatagramSocket client = socket();

    assertThat(exchange(client, server.boundAddress("echo"), "héllo")).isEqualTo("héllo");
    assertThat(exchange(client, server.boundAddress("reverse"), "héllo")).isEqualTo("olléh");
    assertThat(exchange(client, server.boundAddress("hello"), "you")).isEqualTo("Hello, you!");
    // A trailing newline, as echo | nc -u sends, stays at the end.
    assertThat(exchange(client, server.boundAddress("reverse"), "stressed\n")).isEqualTo("desserts\n");
    assertThat(exchange(client, server.boundAddress("hello"), "you\r\n")).isEqualTo("Hello, you!\r\n");
    assertThat(exchange(client, server.boundAddress("reverse"), "\n")).isEqualTo("\n");
    JsonNode info = JSON.readTree(exchange(client, server.boundAddress("info"), "x"));
    assertThat(info.get("protocol").asText()).isEqualTo("udp");
    assertThat(info.get("listener").asText()).isEqualTo("info");
    assertThat(info.get("instance").asText()).isEqualTo("u-1");
    assertThat(info.get("client").asText()).isEqualTo("127.0.0.1:" + client.getLocalPort());
    assertThat(info.get("message").asText()).isEqualTo("x");

    assertThat(server.counters("echo").messagesReceived()).isEqualTo(1);
    assertThat(server.counters("echo").bytesReceived()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8).length);
    assertThat(server.counters("echo").messagesSent()).isEqualTo(1);
  }

  @Test
  @Timeout(30)
  void theLargestDatagramAndRandomOnesComeBackWhole() throws Exception {
    BerthServer server = servers.start("listen", "protocol=udp,port=0");
    DatagramSocket client = socket();
    byte[] largest = new byte[UdpListener.MAX_DATAGRAM];
    new SplittableRandom(1).nextBytes(largest);

    assertThat(exchange(client, server.boundAddress(), largest)).isEqualTo(largest);
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < 200; i++) {
      byte[] datagram = new byte[random.nextInt(0, 9000)];
      random.nextBytes(datagram);
      assertThat(exchange(client, server.boundAddress(), datagram)).as("datagram " + i).isEqualTo(datagram);
    }
    assertThat(server.counters().messagesReceived()).isEqualTo(201);
  }

  @Test
  @Timeout(30)
  void twoServersShareOneUdpPortAndBothAnswer() throws Exception {
    BerthServer first = servers.start("instance-id", "first", "io-threads", "1", "listen", "protocol=udp,port=0,mode=info");
    int port = first.boundAddress().getPort();
    BerthServer second = servers.start("instance-id", "second", "io-threads", "1",
        "listen", "protocol=udp,port=" + port + ",mode=info");

    // The kernel picks a socket by the sender's address: new senders reach both sooner or later.
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < 200 && answered.size() < 2; i++) {
      JsonNode info = JSON.readTree(exchange(socket(), first.boundAddress(), "who?"));
      answered.add(info.get("instance").asText());
    }
    assertThat(answered).containsExactlyInAnyOrder("first", "second");
    assertThat(second.boundAddress().getPort()).isEqualTo(port);
  }

  @Test
  @Timeout(30)
  void droppedDatagramsGoUnansweredAndAreCounted() throws Exception {
    BerthServer server = servers.start("listen", "protocol=udp,port=0,drop-rate=1");
    DatagramSocket client = socket();
    client.setSoTimeout(300);

    client.send(new DatagramPacket(new byte[] {1}, 1, server.boundAddress()));

    Await.until("the drop counted", () -> server.counters().faultsInjected(FaultKind.DROP) == 1);
    assertThat(server.counters().messagesReceived()).isEqualTo(1);
    try {
      client.receive(new DatagramPacket(new byte[16], 16));
      throw new AssertionError("a dropped datagram was answered");
    } catch (SocketTimeoutException expected) {
      // nothing came: what a dropped datagram looks like
    }
  }

  @Test
  @Timeout(30)
  void aDelayedReplyComesNoSoonerThanTheDelay() throws Exception {
    BerthServer server = servers.start("listen", "protocol=udp,port=0,delay=200ms");
    DatagramSocket client = socket();

    long sent = System.nanoTime();
    assertThat(exchange(client, server.boundAddress(), "late")).isEqualTo("late");

    assertThat((System.nanoTime() - sent) / 1_000_000).isGreaterThanOrEqualTo(200);
    assertThat(server.counters().faultsInjected(FaultKind.DELAY)).isEqualTo(1);
  }

  @Test
  @Timeout(30)
  void aDrainAnswersWhatWasReadAndClosesTheSockets() throws Exception {
    BerthServer server = servers.start("listen", "protocol=udp,port=0,delay=300ms", "drain-timeout", "5s");
    DatagramSocket client = socket();
    client.send(new DatagramPacket("held".getBytes(StandardCharsets.US_ASCII), 4, server.boundAddress()));
    Await.until("the datagram read", () -> server.counters().messagesReceived() == 1);

    server.drain();

    DatagramPacket reply = new DatagramPacket(new byte[16], 16);
    client.receive(reply); // answered before the socket closed
    assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII)).isEqualTo("held");
  }
}
